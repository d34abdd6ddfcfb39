import type { Knex } from 'knex';

/**
 * A pool's size as it was made: the template a copy of its event for another year starts
 * from, whatever the pool was raised or cut to since. Empty (null) while the pool has never
 * been resized since this column came: its size is then still its size as made. A pool made
 * by the back office sets it; the first change of size keeps the size it replaces.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotas', (t) => {
    t.integer('initial_size').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotas', (t) => {
    t.dropColumn('initial_size');
  });
}
