import type { Knex } from 'knex';

/**
 * The rows of a meeting report that matched no confirmed seat of the session by e-mail:
 * they wait in the back office for an organizer to match them to a person by hand (the
 * seat of the same name, if any, is suggested). A new report of the session replaces them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attendance_unmatched', (t) => {
    t.increments('id').primary();
    t.integer('session_id').notNullable().references('sessions.id').onDelete('CASCADE');
    t.string('name', 300).notNullable();
    t.string('email', 320).nullable();
    t.integer('minutes').notNullable();
    t.integer('suggested_seat_id').nullable();
    t.string('created_at', 30).notNullable();
    t.index(['session_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attendance_unmatched');
}
