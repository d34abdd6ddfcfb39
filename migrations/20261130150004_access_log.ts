import type { Knex } from 'knex';

/**
 * Who looked at personal data (a person's record, a list, an export, a dropped message),
 * kept apart from the audit log of changes, which such views used to flood.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('access_log', (t) => {
    t.increments('id');
    t.string('actor', 254).notNullable();
    t.string('action', 64).notNullable();
    t.string('target_type', 32).notNullable();
    t.string('target_id', 200).nullable();
    t.text('detail').nullable(); // JSON: the filter of a list, rows exported…
    t.string('at', 30).notNullable();
    t.index(['at']);
    t.index(['actor', 'at']);
    t.index(['target_type', 'target_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('access_log');
}
