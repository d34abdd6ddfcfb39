import type { Knex } from 'knex';

/**
 * Privacy: how long personal data is kept after an event ends, and when a registration
 * was anonymised (by the retention job or at the person's request).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.integer('retention_days').notNullable().defaultTo(365);
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.string('anonymised_at', 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('anonymised_at');
  });
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('retention_days');
  });
}
