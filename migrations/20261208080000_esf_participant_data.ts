import type { Knex } from 'knex';

/**
 * ESF+ participant data (the funder's common indicators): an event asks for it only where
 * an organizer turns it on (`events.participant_data`). One row a registration: gender,
 * age band, education (ISCED) and employment status, each with `undisclosed` as a valid
 * answer. The disadvantage flags are special categories of data (GDPR Art. 9): they are
 * kept only when the person gave the separate explicit consent, whose time is
 * `special_consent_at`; without it the flags are NULL. Erasing the registration deletes
 * the row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.boolean('participant_data').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('participant_data', (t) => {
    t.integer('registration_id').primary().references('registrations.id');
    t.string('gender', 16).notNullable().defaultTo('undisclosed');
    t.string('age_band', 16).notNullable().defaultTo('undisclosed');
    t.string('education', 16).notNullable().defaultTo('undisclosed');
    t.string('employment', 16).notNullable().defaultTo('undisclosed');
    // The explicit consent to the disadvantage flags (Art. 9(2)(a)); NULL: not given, no flags.
    t.string('special_consent_at', 30).nullable();
    // yes | no | undisclosed, or NULL without the consent.
    t.string('disability', 16).nullable();
    t.string('third_country', 16).nullable();
    t.string('foreign_origin', 16).nullable();
    t.string('minority', 16).nullable();
    t.string('homeless', 16).nullable();
    t.string('rural', 16).nullable();
    t.string('updated_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('participant_data');
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('participant_data');
  });
}
