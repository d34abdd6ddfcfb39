import type { Knex } from 'knex';

/**
 * Certificates (issue 18): one per person and event, numbered in order within the event
 * (`number`, shown with the event's prefix). The verification code (120 random bits) is
 * not the number. What the certificate says (name, sessions, hours, issuer, signatory) is
 * kept as issued in `content`, so the PDF stays the same whatever changes later; a
 * correction is a new certificate that replaces the old one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificates', (t) => {
    t.increments('id');
    t.integer('event_id').notNullable().references('events.id');
    t.integer('registration_id').notNullable().references('registrations.id');
    t.integer('number').notNullable();
    t.string('number_text', 40).notNullable();
    t.string('verify_code', 32).notNullable().unique();
    t.string('language', 2).notNullable();
    t.string('holder_name', 200).notNullable();
    t.integer('hours_tenths').notNullable();
    t.text('content').notNullable(); // JSON
    t.string('status', 16).notNullable(); // valid | revoked | replaced
    t.string('issued_at', 30).notNullable();
    t.string('revoked_at', 30).nullable();
    t.string('revoked_reason', 500).nullable();
    t.integer('replaced_by').nullable();
    t.unique(['event_id', 'number']);
    t.index(['registration_id']);
  });
  // One current (valid or revoked) certificate per person and event: issuing twice adds none.
  await knex.raw(
    `CREATE UNIQUE INDEX certificates_current ON certificates (event_id, registration_id) WHERE status <> 'replaced'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certificates');
}
