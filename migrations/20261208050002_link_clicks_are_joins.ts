import type { Knex } from 'knex';

/**
 * Data only: a join link followed once is a join, not attendance. Marks that a click alone
 * made (source `link`) become joins: the seat keeps its first and last join, and counts as
 * attended only once a meeting report, an organizer or a second join says so.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('seats').where('attended_source', 'link').update({ attended_at: null, attended_source: null });
}

export async function down(knex: Knex): Promise<void> {
  await knex('seats')
    .whereNull('attended_at')
    .whereNotNull('first_joined_at')
    .update({ attended_at: knex.ref('first_joined_at'), attended_source: 'link' });
}
