import type { Knex } from 'knex';

/**
 * Professional-development hours (issue 18): each session gives some hours (kept in
 * tenths, so 1.5 hours is exactly 15; 0 for a session that gives none), and an event has
 * its certificate settings: on or off, who issues and signs, the programme's approval
 * number, the number prefix, and who is eligible (hours of attended sessions; optionally
 * every confirmed session attended; a minimum of hours).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.integer('pd_hours_tenths').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('certificate_settings', (t) => {
    t.integer('event_id').primary().references('events.id');
    t.boolean('enabled').notNullable().defaultTo(false);
    t.string('issuer_lv', 300).notNullable().defaultTo('');
    t.string('issuer_en', 300).notNullable().defaultTo('');
    t.string('signatory_name', 200).notNullable().defaultTo('');
    t.string('signatory_title_lv', 200).notNullable().defaultTo('');
    t.string('signatory_title_en', 200).notNullable().defaultTo('');
    t.string('approval_number', 100).nullable();
    t.string('number_prefix', 20).notNullable().defaultTo('');
    // attended: the hours of every attended session count; all_confirmed: only when every
    // session the person held a confirmed seat in was attended.
    t.string('rule', 16).notNullable().defaultTo('attended');
    t.integer('min_hours_tenths').notNullable().defaultTo(0);
    t.string('updated_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certificate_settings');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('pd_hours_tenths');
  });
}
