import type { Knex } from 'knex';

/**
 * Attendance from a meeting's own report: the minutes a person was in the session are
 * kept with the mark; an event sets the share of a session's length that counts as
 * attending (80 % unless it says otherwise), and how its open plenary stream, which has no
 * meeting report, is attended: `confirm` (an organizer confirms the joined list) or
 * `second-join` (the personal link followed again in the session's last quarter).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.integer('attended_minutes').nullable();
  });
  await knex.schema.alterTable('certificate_settings', (t) => {
    t.integer('attendance_threshold_percent').notNullable().defaultTo(80);
    t.string('plenary_attendance', 12).notNullable().defaultTo('confirm');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificate_settings', (t) => {
    t.dropColumn('plenary_attendance');
    t.dropColumn('attendance_threshold_percent');
  });
  await knex.schema.alterTable('seats', (t) => {
    t.dropColumn('attended_minutes');
  });
}
