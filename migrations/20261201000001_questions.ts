import type { Knex } from 'knex';

/**
 * An event's own registration questions (issue 19) and the answers people give.
 *
 * A question has a type (short_text, long_text, single_choice, multiple_choice, yes_no,
 * number), Latvian and English labels and help, an order, and for the choices its options
 * as JSON: `[{ "key": "o1", "lv": "…", "en": "…", "retired": false }]`. An answer keeps
 * option keys, never labels, so relabelling an option changes no answer; an option taken
 * away after people chose it is only retired (no longer offered, still named), and a
 * question taken away after people answered it is archived, never deleted: answers stay
 * readable.
 *
 * Questions are part of the programme: their changes raise the programme version like the
 * sessions' (migration …_programme_version).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_questions', (t) => {
    t.increments('id');
    t.integer('event_id').notNullable().references('events.id');
    t.integer('sort').notNullable();
    t.string('type', 20).notNullable();
    t.boolean('required').notNullable().defaultTo(false);
    t.string('label_lv', 300).notNullable();
    t.string('label_en', 300).notNullable().defaultTo('');
    t.string('help_lv', 1000).notNullable().defaultTo('');
    t.string('help_en', 1000).notNullable().defaultTo('');
    t.text('options').notNullable().defaultTo('[]');
    t.integer('min_value').nullable();
    t.integer('max_value').nullable();
    t.string('status', 16).notNullable().defaultTo('active'); // active | archived
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['event_id', 'sort']);
  });
  await knex.schema.createTable('registration_answers', (t) => {
    t.integer('registration_id').notNullable().references('registrations.id');
    t.integer('question_id').notNullable().references('event_questions.id');
    // JSON: a string, an array of option keys, a boolean or a number.
    t.text('value').notNullable();
    t.string('updated_at', 30).notNullable();
    t.primary(['registration_id', 'question_id']);
    t.index(['question_id']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `CREATE TRIGGER event_questions_programme_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
         ON event_questions FOR EACH STATEMENT EXECUTE FUNCTION bump_programme_version()`,
    );
    return;
  }
  for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
    await knex.raw(
      `CREATE TRIGGER event_questions_${event.toLowerCase()}_programme_version AFTER ${event} ON event_questions
       BEGIN UPDATE programme_version SET version = version + 1 WHERE id = 1; END`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('registration_answers');
  await knex.schema.dropTable('event_questions');
}
