import type { Knex } from 'knex';

/**
 * What the accessibility statement says (Cabinet Regulation No. 445 of 14 July 2020) that
 * only the organizers know: the compliance status, the known non-conformities, the
 * alternatives, when and by whom the site was evaluated, the contact and the supervising
 * authority. One row, edited by admins like the privacy notice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accessibility_statement', (t) => {
    t.integer('id').primary(); // always 1
    t.string('status', 10).notNullable(); // full | partial | none
    t.text('non_conformities_lv').notNullable();
    t.text('non_conformities_en').notNullable();
    t.text('alternatives_lv').notNullable();
    t.text('alternatives_en').notNullable();
    t.string('evaluated_on', 10).notNullable(); // YYYY-MM-DD
    t.string('evaluated_by_lv', 500).notNullable();
    t.string('evaluated_by_en', 500).notNullable();
    t.string('contact_email', 254).notNullable();
    t.string('contact_phone', 40).notNullable().defaultTo('');
    t.text('supervisor_lv').notNullable();
    t.text('supervisor_en').notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 254).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('accessibility_statement');
}
