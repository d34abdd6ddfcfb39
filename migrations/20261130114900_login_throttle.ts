import type { Knex } from 'knex';

/**
 * Sign-in back-off per (account, client address): how many attempts failed in a row and
 * until when the next one must wait. In the database, so that every app process sees it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key', 100).primary();
    t.integer('failures').notNullable();
    t.string('blocked_until', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttle');
}
