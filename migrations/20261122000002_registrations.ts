import type { Knex } from 'knex';

/** Registrations, their seats, the mail outbox and the audit log. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('registrations', (t) => {
    t.increments('id');
    t.integer('event_id').notNullable().references('events.id');
    t.string('name', 200).notNullable();
    t.string('email', 254).notNullable();
    t.string('email_normalized', 254).notNullable();
    t.string('institution', 200).notNullable();
    t.string('municipality_id', 64).notNullable().references('municipalities.id');
    t.string('role', 32).notNullable();
    t.string('region_id', 32).notNullable().references('regions.id');
    t.string('language', 2).notNullable();
    t.string('consent_at', 30).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    // The manage token sealed with the app secret, so a lost link can be sent again
    // without storing it in the clear. Lookup always goes through token_hash.
    t.string('token_sealed', 200).notNullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | cancelled
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('cancelled_at', 30).nullable();
    t.index(['event_id', 'status']);
  });
  // One active registration per email and event; a cancelled one may register again.
  await knex.raw(
    `CREATE UNIQUE INDEX registrations_event_email_active
       ON registrations (event_id, email_normalized) WHERE status = 'active'`,
  );

  await knex.schema.createTable('seats', (t) => {
    // The id is the FIFO sequence: seats are inserted under the lock of their quotas,
    // so id order is commit order for everyone competing for the same places.
    t.increments('id');
    t.integer('registration_id').notNullable().references('registrations.id');
    t.integer('session_id').notNullable().references('sessions.id');
    t.string('status', 16).notNullable(); // confirmed | waitlisted | cancelled
    t.string('created_at', 30).notNullable();
    t.string('confirmed_at', 30).nullable();
    t.string('cancelled_at', 30).nullable();
    t.index(['registration_id']);
    t.index(['session_id', 'status', 'id']);
  });

  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('kind', 40).notNullable();
    t.string('to_email', 254).notNullable();
    t.string('language', 2).notNullable();
    t.integer('registration_id').nullable().references('registrations.id');
    t.text('payload').notNullable(); // JSON
    t.string('status', 16).notNullable().defaultTo('pending'); // pending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 30).notNullable();
    t.string('locked_until', 30).nullable();
    t.text('last_error').nullable();
    t.string('message_id', 200).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('sent_at', 30).nullable();
    t.index(['status', 'next_attempt_at']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('actor', 254).notNullable();
    t.string('action', 64).notNullable();
    t.string('target_type', 32).notNullable();
    t.string('target_id', 64).nullable();
    t.text('before').nullable();
    t.text('after').nullable();
    t.string('at', 30).notNullable();
    t.index(['target_type', 'target_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_log', 'outbox', 'seats', 'registrations']) {
    await knex.schema.dropTable(table);
  }
}
