import type { Knex } from 'knex';
import type { Tx } from './knex.js';

/**
 * A page of settings only the organizers know, kept as one row (id 1) of its own table:
 * the privacy notice, the accessibility statement. `columns` maps each field to its column.
 */
export interface SettingsTable<T extends object> {
  table: string;
  columns: Record<keyof T, string>;
}

/** The settings, or null while nobody has filled them in. */
export async function readSettingsRow<T extends object>(db: Knex | Tx, spec: SettingsTable<T>): Promise<T | null> {
  const row = (await db(spec.table).where('id', 1).first()) as Record<string, unknown> | undefined;
  if (!row) return null;
  const settings = {} as Record<string, string>;
  for (const [key, column] of Object.entries<string>(spec.columns)) settings[key] = String(row[column] ?? '');
  return settings as T;
}

export async function writeSettingsRow<T extends object>(
  db: Knex | Tx,
  spec: SettingsTable<T>,
  s: T,
  by: string,
  at: Date,
): Promise<void> {
  const row: Record<string, string | number> = { id: 1, updated_at: at.toISOString(), updated_by: by };
  for (const [key, column] of Object.entries<string>(spec.columns))
    row[column] = String((s as Record<string, unknown>)[key] ?? '');
  await db(spec.table).insert(row).onConflict('id').merge();
}
