import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/time.js';

/** What the audit and access logs can be narrowed to; dates are days in Riga (yyyy-mm-dd). */
export interface LogFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  /** Entries older than this id (the next page). */
  before?: number;
}

/** A Riga day's first instant in UTC (`end`: the next day's), or undefined for no valid day. */
function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = DateTime.fromISO(day, { zone: ZONE });
  if (!d.isValid) return undefined;
  return (end ? d.plus({ days: 1 }) : d).startOf('day').toUTC().toISO() ?? undefined;
}

/** The newest entries of `audit_log` or `access_log` matching the filter, `limit` at a time. */
export async function logEntries<T>(
  db: Knex,
  table: 'audit_log' | 'access_log',
  f: LogFilter,
  limit: number,
): Promise<T[]> {
  const q = db(table).orderBy('id', 'desc').limit(limit);
  if (f.actor) void q.where('actor', f.actor);
  if (f.action) void q.where('action', f.action);
  if (f.targetType) void q.where('target_type', f.targetType);
  if (f.targetId) void q.where('target_id', f.targetId);
  const from = dayBound(f.from, false);
  const to = dayBound(f.to, true);
  if (from) void q.where('at', '>=', from);
  if (to) void q.where('at', '<', to);
  if (f.before !== undefined) void q.where('id', '<', f.before);
  return (await q.select('*')) as T[];
}

/** Who and what a log holds, for its filter's choices. */
export async function logChoices(db: Knex, table: 'audit_log' | 'access_log') {
  const actors = ((await db(table).distinct('actor').orderBy('actor')) as { actor: string }[]).map((r) => r.actor);
  const actions = ((await db(table).distinct('action').orderBy('action')) as { action: string }[]).map((r) => r.action);
  const targets = ((await db(table).distinct('target_type').orderBy('target_type')) as { target_type: string }[]).map(
    (r) => r.target_type,
  );
  return { actors, actions, targets };
}
