import type { Knex } from 'knex';

/**
 * A pool's English name, shown on English pages. Empty (null) until an organizer gives
 * one: a pool without it is called by its Latvian name in English too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotas', (t) => {
    t.string('name_en', 200).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotas', (t) => {
    t.dropColumn('name_en');
  });
}
