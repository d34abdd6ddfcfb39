import type { Knex } from 'knex';

/** Organizer accounts, their regions, browser sessions and API tokens. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizers', (t) => {
    t.increments('id');
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('password_hash', 300).notNullable();
    t.string('role', 16).notNullable(); // admin | coordinator
    t.string('created_at', 30).notNullable();
    t.string('disabled_at', 30).nullable();
  });

  await knex.schema.createTable('organizer_regions', (t) => {
    t.integer('organizer_id').notNullable().references('organizers.id').onDelete('CASCADE');
    t.string('region_id', 32).notNullable().references('regions.id');
    t.primary(['organizer_id', 'region_id']);
  });

  // Stored in the database so that several app processes share them.
  await knex.schema.createTable('web_sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.integer('organizer_id').notNullable().references('organizers.id').onDelete('CASCADE');
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.index(['organizer_id']);
  });

  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id');
    t.integer('organizer_id').notNullable().references('organizers.id').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 30).notNullable();
    t.string('last_used_at', 30).nullable();
    t.string('revoked_at', 30).nullable();
  });

  // Fixed-window counters (login throttling and other limits), shared by all processes.
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 300).notNullable();
    t.string('window_start', 30).notNullable();
    t.integer('count').notNullable().defaultTo(0);
    t.primary(['key', 'window_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['rate_limits', 'api_tokens', 'web_sessions', 'organizer_regions', 'organizers']) {
    await knex.schema.dropTable(table);
  }
}
