import type { Knex } from 'knex';
import { COMPLIANCE, type AccessibilityStatement, type Compliance } from '../domain/accessibilityStatement.js';
import type { Tx } from './knex.js';
import { readSettingsRow, writeSettingsRow, type SettingsTable } from './settingsRow.js';

export const ACCESSIBILITY_TABLE: SettingsTable<AccessibilityStatement> = {
  table: 'accessibility_statement',
  columns: {
    status: 'status',
    nonConformitiesLv: 'non_conformities_lv',
    nonConformitiesEn: 'non_conformities_en',
    alternativesLv: 'alternatives_lv',
    alternativesEn: 'alternatives_en',
    evaluatedOn: 'evaluated_on',
    evaluatedByLv: 'evaluated_by_lv',
    evaluatedByEn: 'evaluated_by_en',
    contactEmail: 'contact_email',
    contactPhone: 'contact_phone',
    supervisorLv: 'supervisor_lv',
    supervisorEn: 'supervisor_en',
  },
};

/** The organizers' accessibility statement, or null while nobody has filled it in. */
export async function readAccessibilityStatement(db: Knex | Tx): Promise<AccessibilityStatement | null> {
  const s = await readSettingsRow(db, ACCESSIBILITY_TABLE);
  if (!s) return null;
  return { ...s, status: (COMPLIANCE as readonly string[]).includes(s.status) ? s.status : ('partial' as Compliance) };
}

export function writeAccessibilityStatement(
  db: Knex | Tx,
  s: AccessibilityStatement,
  by: string,
  at: Date,
): Promise<void> {
  return writeSettingsRow(db, ACCESSIBILITY_TABLE, s, by, at);
}

/** When the statement was last saved, or null while it has never been. */
export async function accessibilityUpdatedAt(db: Knex): Promise<string | null> {
  const row = (await db('accessibility_statement').where('id', 1).first('updated_at')) as
    { updated_at: string } | undefined;
  return row ? String(row.updated_at) : null;
}
