import type { Knex } from 'knex';

/**
 * A copy of the programme for another year, made in one go: the events copied together as
 * drafts (each with the event it was copied from), reviewed and published together.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('programme_clone_batches', (t) => {
    t.increments('id');
    t.integer('weeks').notNullable();
    t.string('title_pattern', 300).notNullable();
    t.string('created_by', 320).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('published_by', 320).nullable();
    t.string('published_at', 30).nullable();
  });
  await knex.schema.createTable('programme_clone_events', (t) => {
    t.integer('batch_id').notNullable().references('programme_clone_batches.id').onDelete('CASCADE');
    t.integer('event_id').notNullable().references('events.id').onDelete('CASCADE');
    t.integer('source_event_id').nullable().references('events.id').onDelete('SET NULL');
    t.primary(['batch_id', 'event_id']);
    t.index(['event_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('programme_clone_events');
  await knex.schema.dropTable('programme_clone_batches');
}
