import type { Knex } from 'knex';

/** Data only: attendance marked before sources were kept was marked by an organizer. */
export async function up(knex: Knex): Promise<void> {
  await knex('seats').whereNotNull('attended_at').whereNull('attended_source').update({ attended_source: 'hand' });
}

export async function down(): Promise<void> {
  // Nothing to undo: the column goes with the schema migration before this one.
}
