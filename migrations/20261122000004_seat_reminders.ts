import type { Knex } from 'knex';

/** When the reminder for a seat was queued; cleared when its session moves. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.string('reminded_at', 30).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.dropColumn('reminded_at');
  });
}
