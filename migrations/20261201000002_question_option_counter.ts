import type { Knex } from 'knex';

/**
 * A question's option keys are never reused (issue 19): `o7` names one option for the
 * question's whole life, even after an option nobody chose was deleted. The counter holds
 * the highest number given so far; the next new option gets the one after it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_questions', (t) => {
    t.integer('option_seq').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_questions', (t) => {
    t.dropColumn('option_seq');
  });
}
