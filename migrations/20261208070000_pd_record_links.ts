import type { Knex } from 'knex';

/**
 * A teacher's professional-development record: the links e-mailed to an address that
 * open the list of its certificates across all events, each kept as a hash only and
 * valid for a week. The registrations' normalized address gets an index of its own, as
 * the record looks an address up across events.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pd_record_links', (t) => {
    t.increments('id').primary();
    t.string('email_normalized', 254).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.index(['email_normalized', 'created_at']);
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.index(['email_normalized'], 'registrations_email_normalized_alone');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropIndex(['email_normalized'], 'registrations_email_normalized_alone');
  });
  await knex.schema.dropTable('pd_record_links');
}
