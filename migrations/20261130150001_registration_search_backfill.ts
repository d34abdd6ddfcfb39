import type { Knex } from 'knex';

/** server/domain/text.ts as it was when this landed (a migration does not change with the app). */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('lv')
    .normalize('NFC');
const registrationSearchText = (r: { name: string; email: string; institution: string }) =>
  [r.name, r.email, r.institution].map(fold).join('\n');

/** Data: search_text for the registrations made before the column existed, in batches. */
export async function up(knex: Knex): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = (await knex('registrations')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'name', 'email', 'institution')) as {
      id: number;
      name: string;
      email: string;
      institution: string;
    }[];
    if (rows.length === 0) return;
    for (const r of rows) {
      await knex('registrations')
        .where('id', r.id)
        .update({ search_text: registrationSearchText(r) });
    }
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** Nothing to undo: the schema migration's down drops the column. */
export async function down(): Promise<void> {}
