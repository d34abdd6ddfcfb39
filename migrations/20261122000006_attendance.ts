import type { Knex } from 'knex';

/** When a person was recorded as present in a session (by hand or from an import). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.string('attended_at', 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.dropColumn('attended_at');
  });
}
