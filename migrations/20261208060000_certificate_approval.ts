import type { Knex } from 'knex';

/**
 * What Cabinet Regulation No. 569 asks a professional-development certificate to say of
 * the programme's approval: beside its number, the date (`approval_date`, a calendar day
 * YYYY-MM-DD) and the approving authority in Latvian and English. And the share of a
 * session's time that counts as attending it in an attendance import
 * (`attendance_threshold_percent`, 1–100, 80 by default), which another change may have
 * added already: added here only when it is missing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificate_settings', (t) => {
    t.string('approval_date', 10).nullable();
    t.string('approval_authority_lv', 300).notNullable().defaultTo('');
    t.string('approval_authority_en', 300).notNullable().defaultTo('');
  });
  if (!(await knex.schema.hasColumn('certificate_settings', 'attendance_threshold_percent'))) {
    await knex.schema.alterTable('certificate_settings', (t) => {
      t.integer('attendance_threshold_percent').notNullable().defaultTo(80);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificate_settings', (t) => {
    t.dropColumn('approval_date');
    t.dropColumn('approval_authority_lv');
    t.dropColumn('approval_authority_en');
  });
}
