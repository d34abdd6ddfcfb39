import type { Knex } from 'knex';

/**
 * Personal join links (issue 18): every confirmed seat gets its own code, kept as a
 * SHA-256 hash for lookup and a copy sealed with the app secret (to put it in a reminder
 * or on the manage page again), like manage tokens. Following it records the first and
 * last join. Attendance keeps where each mark came from: `link` (the personal link was
 * followed inside the session's window), `hand`, `csv` or `api` (an organizer).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.string('join_code_hash', 64).nullable().unique();
    t.string('join_code_sealed', 200).nullable();
    t.string('first_joined_at', 30).nullable();
    t.string('last_joined_at', 30).nullable();
    t.string('attended_source', 8).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.dropUnique(['join_code_hash']);
  });
  await knex.schema.alterTable('seats', (t) => {
    for (const c of ['join_code_hash', 'join_code_sealed', 'first_joined_at', 'last_joined_at', 'attended_source']) {
      t.dropColumn(c);
    }
  });
}
