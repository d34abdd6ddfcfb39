import type { Knex } from 'knex';

/**
 * What an organizer needs to tell their sign-ins apart on the account page: when each
 * was last used, and a short name of the browser it came from ("Firefox, Linux").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('web_sessions', (t) => {
    t.string('last_seen_at', 30).nullable();
    t.string('client', 100).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('web_sessions', (t) => {
    t.dropColumn('last_seen_at');
    t.dropColumn('client');
  });
}
