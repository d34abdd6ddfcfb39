import type { Knex } from 'knex';

/**
 * A person an organizer registers by hand may have no e-mail, only a phone: `phone`
 * (nullable) and e-mail made nullable. The unique index of an active registration's
 * address per event stays as it is: both databases treat NULLs as distinct in a unique
 * index, so it still holds for every address given, and any number of people without one
 * may register. Only the organizers' forms and API leave the e-mail out (the public form
 * and API still require it).
 *
 * SQLite cannot drop NOT NULL in place: knex rebuilds the table (copying its rows and
 * indexes), which needs the foreign-key checks off, which SQLite ignores inside a
 * transaction — hence no transaction around this migration, and a foreign-key check after.
 */
export const config = { transaction: false };

const sqlite = (knex: Knex): boolean => knex.client.config.client !== 'pg';

export async function up(knex: Knex): Promise<void> {
  if (!sqlite(knex)) {
    await knex.transaction(async (trx) => {
      await trx.schema.alterTable('registrations', (t) => {
        t.string('phone', 40).nullable();
        t.string('email', 254).nullable().alter();
        t.string('email_normalized', 254).nullable().alter();
      });
    });
    return;
  }
  await knex.schema.alterTable('registrations', (t) => {
    t.string('phone', 40).nullable();
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.string('email', 254).nullable().alter();
    t.string('email_normalized', 254).nullable().alter();
  });
  const broken = (await knex.raw('PRAGMA foreign_key_check')) as unknown[];
  if (broken.length > 0) throw new Error(`foreign keys broken after rebuilding registrations: ${broken.length}`);
}

export async function down(knex: Knex): Promise<void> {
  // People without an e-mail cannot stay in a table that requires one.
  const missing = (await knex('registrations').whereNull('email').count({ n: '*' }).first()) as { n: number | string };
  if (Number(missing.n) > 0) throw new Error('registrations without an e-mail exist: erase or complete them first');
  if (!sqlite(knex)) {
    await knex.transaction(async (trx) => {
      await trx.schema.alterTable('registrations', (t) => {
        t.string('email', 254).notNullable().alter();
        t.string('email_normalized', 254).notNullable().alter();
        t.dropColumn('phone');
      });
    });
    return;
  }
  await knex.schema.alterTable('registrations', (t) => {
    t.string('email', 254).notNullable().alter();
    t.string('email_normalized', 254).notNullable().alter();
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('phone');
  });
}
