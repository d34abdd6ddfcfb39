import type { Knex } from 'knex';

/**
 * Three additions of issue 16 (and when a person stopped announcements). How a registration's consent was obtained when an organizer entered it by hand (a phone
 * call, a paper form, an e-mail, in person); null when the person registered themselves
 * online, where the consent is the ticked box at `consent_at`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.string('consent_source', 16).nullable();
    // When the person stopped announcements (List-Unsubscribe); confirmations still go.
    t.string('announcements_stopped_at', 30).nullable();
  });
  // A seat a workshop switch made keeps the calendar entry of the seat it replaced: its
  // UID, and a SEQUENCE that goes on from where that entry's was (base + the session's).
  await knex.schema.alterTable('seats', (t) => {
    t.string('calendar_uid', 200).nullable();
    t.integer('calendar_sequence_base').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seats', (t) => {
    t.dropColumn('calendar_uid');
    t.dropColumn('calendar_sequence_base');
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('consent_source');
    t.dropColumn('announcements_stopped_at');
  });
}
