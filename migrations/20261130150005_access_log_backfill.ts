import type { Knex } from 'knex';

/** The view actions of that time (server/services/accessLog.ts). */
const VIEWS = [
  'registration.view',
  'registrations.view',
  'api.registrations.list',
  'export.csv',
  'export.xlsx',
  'maildrop.view',
];

/** Data: views recorded in the audit log so far move to the access log, in their order. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `INSERT INTO access_log (actor, action, target_type, target_id, detail, at)
     SELECT actor, action, target_type, target_id, after, at FROM audit_log
      WHERE action IN (${VIEWS.map(() => '?').join(', ')}) ORDER BY id`,
    VIEWS,
  );
  await knex('audit_log').whereIn('action', VIEWS).delete();
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `INSERT INTO audit_log (actor, action, target_type, target_id, after, at)
     SELECT actor, action, target_type, target_id, detail, at FROM access_log ORDER BY id`,
  );
  await knex('access_log').delete();
}
