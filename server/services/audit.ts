import type { Knex } from 'knex';
import type { Tx } from '../db/knex.js';

/** Writes one audit entry (who did what to whom, before and after), in the caller's transaction when given one. */
export async function audit(
  conn: Knex | Tx,
  entry: {
    actor: string;
    action: string;
    targetType: string;
    targetId?: string | number | null;
    before?: unknown;
    after?: unknown;
  },
  now: Date,
): Promise<void> {
  await conn('audit_log').insert({
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    at: now.toISOString(),
  });
}
