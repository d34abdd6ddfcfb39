import type { Knex } from 'knex';

/**
 * What organizer search matches: name, e-mail and institution folded by the app
 * (lower-case, diacritics dropped in any script: server/domain/text.ts). SQLite's lower()
 * folds ASCII only and PostgreSQL's depends on the server's locale; a column the app
 * writes makes one LIKE behave the same on both. Filled by the next migration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.text('search_text').notNullable().defaultTo('');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('search_text');
  });
}
