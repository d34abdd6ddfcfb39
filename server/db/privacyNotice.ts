import type { Knex } from 'knex';
import type { PrivacySettings } from '../domain/privacyNotice.js';
import type { Tx } from './knex.js';
import { readSettingsRow, writeSettingsRow, type SettingsTable } from './settingsRow.js';

export const PRIVACY_TABLE: SettingsTable<PrivacySettings> = {
  table: 'privacy_notice',
  columns: {
    controllerLv: 'controller_lv',
    controllerEn: 'controller_en',
    contactEmail: 'contact_email',
    contactPhone: 'contact_phone',
    dpoLv: 'dpo_lv',
    dpoEn: 'dpo_en',
    dpoEmail: 'dpo_email',
    purposesLv: 'purposes_lv',
    purposesEn: 'purposes_en',
    legalBasisLv: 'legal_basis_lv',
    legalBasisEn: 'legal_basis_en',
    recipientsLv: 'recipients_lv',
    recipientsEn: 'recipients_en',
  },
};

/** The organizers' privacy settings, or null while nobody has filled them in. */
export function readPrivacySettings(db: Knex | Tx): Promise<PrivacySettings | null> {
  return readSettingsRow(db, PRIVACY_TABLE);
}

export function writePrivacySettings(db: Knex | Tx, s: PrivacySettings, by: string, at: Date): Promise<void> {
  return writeSettingsRow(db, PRIVACY_TABLE, s, by, at);
}

/** Each published event's title and how many days after its last session its data are kept. */
export async function retentionOfEvents(db: Knex): Promise<{ titleLv: string; titleEn: string; days: number }[]> {
  const rows = (await db('events')
    .where('status', 'published')
    .orderBy('registration_opens_at')
    .select('title_lv', 'title_en', 'retention_days')) as {
    title_lv: string;
    title_en: string;
    retention_days: number;
  }[];
  return rows.map((r) => ({ titleLv: r.title_lv, titleEn: r.title_en, days: Number(r.retention_days) }));
}
