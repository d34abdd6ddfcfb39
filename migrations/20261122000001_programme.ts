import type { Knex } from 'knex';

/** Regions, municipalities, events, sessions and the quotas that limit them. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.string('id', 32).primary();
    t.string('name_lv', 100).notNullable();
    t.string('name_en', 100).notNullable();
    t.integer('sort').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('municipalities', (t) => {
    t.string('id', 64).primary();
    t.string('name_lv', 100).notNullable();
    t.string('name_en', 100).notNullable();
    t.string('region_id', 32).notNullable().references('regions.id');
  });

  await knex.schema.createTable('events', (t) => {
    t.increments('id');
    t.string('slug', 100).notNullable().unique();
    t.string('kind', 32).notNullable(); // conference | seminar_series
    t.string('title_lv', 300).notNullable();
    t.string('title_en', 300).notNullable();
    t.text('description_lv').notNullable().defaultTo('');
    t.text('description_en').notNullable().defaultTo('');
    t.string('timezone', 64).notNullable().defaultTo('Europe/Riga');
    t.string('registration_opens_at', 30).notNullable();
    t.string('registration_closes_at', 30).notNullable();
    t.string('status', 16).notNullable().defaultTo('draft'); // draft | published | cancelled
    t.integer('reminder_hours').notNullable().defaultTo(24);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('sessions', (t) => {
    t.increments('id');
    t.integer('event_id').notNullable().references('events.id').onDelete('CASCADE');
    t.string('kind', 16).notNullable(); // plenary | workshop | seminar
    t.string('region_id', 32).nullable().references('regions.id');
    t.string('title_lv', 300).notNullable();
    t.string('title_en', 300).notNullable();
    t.text('description_lv').notNullable().defaultTo('');
    t.text('description_en').notNullable().defaultTo('');
    t.string('starts_at', 30).notNullable();
    t.string('ends_at', 30).notNullable();
    t.string('stream_url', 500).nullable();
    t.string('join_url', 500).nullable();
    t.string('place', 300).nullable();
    t.string('audience', 32).nullable();
    t.string('status', 16).notNullable().defaultTo('scheduled'); // scheduled | cancelled
    t.integer('sequence').notNullable().defaultTo(0);
    t.integer('sort').notNullable().defaultTo(0);
    t.index(['event_id', 'region_id']);
  });

  await knex.schema.createTable('quotas', (t) => {
    t.increments('id');
    t.integer('event_id').notNullable().references('events.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.integer('size').notNullable();
    // Confirmed seats in the quota, kept in step with the seats table inside every
    // transaction that confirms or frees a seat; it is also the row that gets locked.
    t.integer('used').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('quota_sessions', (t) => {
    t.integer('quota_id').notNullable().references('quotas.id').onDelete('CASCADE');
    t.integer('session_id').notNullable().references('sessions.id').onDelete('CASCADE');
    t.primary(['quota_id', 'session_id']);
    t.index(['session_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['quota_sessions', 'quotas', 'sessions', 'events', 'municipalities', 'regions']) {
    await knex.schema.dropTable(table);
  }
}
