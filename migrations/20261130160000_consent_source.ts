import type { Knex } from 'knex';

/**
 * How a registration's consent was obtained when an organizer entered it by hand (a phone
 * call, a paper form, an e-mail, in person); null when the person registered themselves
 * online, where the consent is the ticked box at `consent_at`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.string('consent_source', 16).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('consent_source');
  });
}
