import type { Knex } from 'knex';

/**
 * What the privacy notice says (GDPR Article 13) that only the organizers know: who the
 * controller is and how to reach them and their data protection officer, the purposes,
 * the legal basis and the recipients. One row; retention comes from each event's own
 * setting, the rights and the supervisory authority are fixed texts of the catalogue.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('privacy_notice', (t) => {
    t.integer('id').primary(); // always 1
    t.text('controller_lv').notNullable();
    t.text('controller_en').notNullable();
    t.string('contact_email', 254).notNullable();
    t.string('contact_phone', 40).notNullable().defaultTo('');
    t.text('dpo_lv').notNullable();
    t.text('dpo_en').notNullable();
    t.string('dpo_email', 254).notNullable();
    t.text('purposes_lv').notNullable();
    t.text('purposes_en').notNullable();
    t.text('legal_basis_lv').notNullable();
    t.text('legal_basis_en').notNullable();
    t.text('recipients_lv').notNullable();
    t.text('recipients_en').notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 254).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('privacy_notice');
}
