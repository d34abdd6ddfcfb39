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
  /** Sign-ins and sign-outs too (left out unless asked for, or unless their action is chosen). */
  signIns?: boolean;
}

/** The audit actions of signing in and out: left out of the audit list unless asked for. */
export const SIGN_IN_ACTIONS = ['login', 'login.fail', 'logout', 'session.end'] as const;

/**
 * What a coordinator's view of the audit log holds: entries about registrations, their
 * seats, sessions and pools of the coordinator's regions, and what concerns the
 * coordinator themselves (their own actions, their account). An admin has no scope.
 */
export interface LogScope {
  regionIds: readonly string[];
  actor: string;
  organizerId: number;
}

/** Ids as the log keeps them (text), of one table's rows in the regions. */
const idsAsText = (db: Knex, query: Knex.QueryBuilder, column: string) =>
  query.select(db.raw(`CAST(${column} AS VARCHAR(20))`));

function inScope(db: Knex, q: Knex.QueryBuilder, scope: LogScope): void {
  const regions = [...scope.regionIds];
  void q.where((w) => {
    void w
      .where('actor', scope.actor)
      .orWhere((x) => void x.where('target_type', 'organizer').where('target_id', String(scope.organizerId)))
      .orWhere(
        (x) =>
          void x
            .where('target_type', 'registration')
            .whereIn('target_id', idsAsText(db, db('registrations').whereIn('region_id', regions), 'registrations.id')),
      )
      .orWhere(
        (x) =>
          void x
            .where('target_type', 'seat')
            .whereIn(
              'target_id',
              idsAsText(
                db,
                db('seats')
                  .join('registrations', 'registrations.id', 'seats.registration_id')
                  .whereIn('registrations.region_id', regions),
                'seats.id',
              ),
            ),
      )
      .orWhere(
        (x) =>
          void x
            .where('target_type', 'session')
            .whereIn('target_id', idsAsText(db, db('sessions').whereIn('region_id', regions), 'sessions.id')),
      )
      .orWhere(
        (x) =>
          // A pool is theirs when every session it covers is in their regions.
          void x.where('target_type', 'quota').whereIn(
            'target_id',
            idsAsText(
              db,
              db('quota_sessions')
                .join('sessions', 'sessions.id', 'quota_sessions.session_id')
                .groupBy('quota_sessions.quota_id')
                .havingRaw(
                  `SUM(CASE WHEN sessions.region_id IN (${regions.map(() => '?').join(', ') || 'NULL'}) THEN 0 ELSE 1 END) = 0`,
                  regions,
                ),
              'quota_sessions.quota_id',
            ),
          ),
      );
  });
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
  scope?: LogScope,
): Promise<T[]> {
  const q = db(table).orderBy('id', 'desc').limit(limit);
  if (scope) inScope(db, q, scope);
  if (f.actor) void q.where('actor', f.actor);
  if (f.action) void q.where('action', f.action);
  else if (table === 'audit_log' && !f.signIns) void q.whereNotIn('action', SIGN_IN_ACTIONS);
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
export async function logChoices(db: Knex, table: 'audit_log' | 'access_log', scope?: LogScope) {
  const rows = () => {
    const q = db(table);
    if (scope) inScope(db, q, scope);
    return q;
  };
  const actors = ((await rows().distinct('actor').orderBy('actor')) as { actor: string }[]).map((r) => r.actor);
  const actions = ((await rows().distinct('action').orderBy('action')) as { action: string }[]).map((r) => r.action);
  const targets = ((await rows().distinct('target_type').orderBy('target_type')) as { target_type: string }[]).map(
    (r) => r.target_type,
  );
  return { actors, actions, targets };
}
