import { asSql, type SqlConn } from './sql.js';
import type { Knex } from 'knex';

/** Writes one audit entry (who did what to whom, before and after), in the caller's transaction when given one. */
export async function audit(
  conn: SqlConn,
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
  await asSql(conn).run(
    'INSERT INTO audit_log (actor, action, target_type, target_id, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      entry.actor,
      entry.action,
      entry.targetType,
      entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      now.toISOString(),
    ],
  );
}

/** An audit entry as the back office lists it; before and after are JSON text. */
export interface AuditEntryRow {
  id: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  at: string;
}

const ENTRY_COLUMNS = ['id', 'actor', 'action', 'target_type', 'target_id', 'before', 'after', 'at'];

/** The newest entries, `limit` at a time, older than the entry `before` when given. */
export async function latestAuditEntries(
  conn: Knex,
  page: { before?: number; limit: number },
): Promise<AuditEntryRow[]> {
  const q = conn('audit_log').orderBy('id', 'desc').limit(page.limit);
  if (page.before !== undefined) void q.where('id', '<', page.before);
  return (await q.select(ENTRY_COLUMNS)) as AuditEntryRow[];
}

/** What was done to a registration and its seats, oldest first. */
export async function auditTrailOf(
  conn: Knex,
  registrationId: number,
  seatIds: readonly number[],
): Promise<AuditEntryRow[]> {
  return (await conn('audit_log')
    .where((q) => {
      void q.where({ target_type: 'registration', target_id: String(registrationId) }).orWhere((w) => {
        void w.where('target_type', 'seat').whereIn('target_id', seatIds.map(String));
      });
    })
    .orderBy('id')
    .select(ENTRY_COLUMNS)) as AuditEntryRow[];
}
