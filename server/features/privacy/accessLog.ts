import type { Knex } from 'knex';

/**
 * The access log: who looked at personal data, when, and what (a person's record, a list
 * with its filter, an export, a message of the mail drop). Kept apart from the audit log,
 * which records changes.
 */
export const ACCESS_ACTIONS = [
  'registration.view',
  'registrations.view',
  'api.registrations.list',
  'export.csv',
  'export.xlsx',
  'maildrop.view',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export async function recordAccess(
  conn: Knex,
  entry: {
    actor: string;
    action: AccessAction;
    targetType: string;
    targetId?: string | number | null;
    detail?: unknown;
  },
  now: Date,
): Promise<void> {
  await conn('access_log').insert({
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    at: now.toISOString(),
  });
}

export interface AccessEntryRow {
  id: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: string | null;
  at: string;
}
