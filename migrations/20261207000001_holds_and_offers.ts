import type { Knex } from 'knex';

/**
 * A scarce place belongs to someone who answers at their address.
 *
 * - events: whether a new registration's limited places are held until the address
 *   confirms them (`address_confirmation`: 'on', 'off', or null for the server's
 *   ADDRESS_CONFIRMATION), for how long (`hold_minutes`), and how a freed place reaches the
 *   waitlist (`waitlist_mode`: 'auto' confirms the first person waiting at once, 'offer'
 *   holds it for them for `offer_hours` to accept or decline).
 * - registrations: where its address stands (`address_state`: 'unchecked' for registrations
 *   made without confirmation — before this migration, with confirmation off, or by an
 *   organizer —, 'pending' until the address confirms, then 'confirmed'); the deadline of a
 *   pending registration's held and waiting places (`confirm_by`); whether the manage link
 *   has only ever been e-mailed to the address (`link_mailed_only`: false for every link an
 *   answer handed to whoever sent the request); a keyed hash of the client that sent it
 *   (`client_hash`, for spotting a burst); the coordinator's group it came in (`group_id`).
 * - seats: the deadline of a held or offered place (`expires_at`).
 * - groups: a coordinator's registration of several people (each one a registration of
 *   their own, with `group_id`).
 * - address_actions: a cancellation or erasure that waits for the address to confirm it.
 *
 * Columns added to existing tables carry no foreign keys: on SQLite knex would rebuild the
 * table to add one, which drops the table's triggers (the waitlist counters on seats).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.string('address_confirmation', 3).nullable();
    t.integer('hold_minutes').notNullable().defaultTo(60);
    t.string('waitlist_mode', 8).notNullable().defaultTo('auto');
    t.integer('offer_hours').notNullable().defaultTo(24);
  });

  await knex.schema.createTable('groups', (t) => {
    t.increments('id');
    t.integer('event_id').notNullable().references('events.id');
    t.string('token_hash', 64).notNullable().unique();
    t.string('token_sealed', 200).notNullable();
    t.string('name', 200).notNullable();
    t.string('email', 254).notNullable();
    t.string('institution', 200).notNullable();
    t.string('municipality_id', 64).notNullable().references('municipalities.id');
    t.string('region_id', 32).notNullable().references('regions.id');
    t.string('language', 2).notNullable();
    t.string('client_hash', 32).nullable();
    // People the coordinator named whose address was registered already: reported back
    // on the group's page, never registered twice (JSON: [{ name, email }]).
    t.text('not_added').notNullable().defaultTo('[]');
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['event_id']);
  });

  await knex.schema.alterTable('registrations', (t) => {
    t.string('address_state', 12).notNullable().defaultTo('unchecked');
    t.string('confirm_by', 30).nullable();
    t.string('address_confirmed_at', 30).nullable();
    // 0 or 1: one integer binds the same on both databases (better-sqlite3 binds no booleans).
    t.integer('link_mailed_only').notNullable().defaultTo(0);
    t.string('client_hash', 32).nullable();
    t.integer('group_id').nullable();
    t.index(['address_state', 'confirm_by']);
    t.index(['event_id', 'client_hash']);
    t.index(['group_id']);
  });

  await knex.schema.alterTable('seats', (t) => {
    t.string('expires_at', 30).nullable();
    t.index(['status', 'expires_at']);
  });

  await knex.schema.createTable('address_actions', (t) => {
    t.increments('id');
    t.integer('registration_id').notNullable().references('registrations.id');
    t.string('action', 16).notNullable(); // cancel | erase
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.string('used_at', 30).nullable();
    t.index(['registration_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('address_actions');
  await knex.schema.alterTable('seats', (t) => {
    t.dropIndex(['status', 'expires_at']);
    t.dropColumn('expires_at');
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.dropIndex(['address_state', 'confirm_by']);
    t.dropIndex(['event_id', 'client_hash']);
    t.dropIndex(['group_id']);
    for (const c of ['address_state', 'confirm_by', 'address_confirmed_at', 'link_mailed_only', 'client_hash'])
      t.dropColumn(c);
    t.dropColumn('group_id');
  });
  await knex.schema.dropTable('groups');
  await knex.schema.alterTable('events', (t) => {
    for (const c of ['address_confirmation', 'hold_minutes', 'waitlist_mode', 'offer_hours']) t.dropColumn(c);
  });
}
