import type { Knex } from 'knex';
import { logChoices, logEntries, type LogFilter, type LogScope } from '../../db/logs.js';
import { readableValue } from '../../domain/logDiff.js';
import { actorWords, auditChanges, auditNames, organizerNames, type WordedChange } from './auditWords.js';
import type { Lang } from '../../domain/time.js';
import type { AccessEntryRow } from './accessLog.js';
import type { AuditEntryRow } from '../../db/audit.js';

export const LOG_PAGE = 100;

/** A target as people name it: "Anna Bērziņa", "Darbnīca …", with a link where there is a page. */
export interface TargetName {
  label: string;
  href: string | null;
}

type Named = Map<string, TargetName>;
const key = (type: string, id: string | null) => `${type}:${id ?? ''}`;

/** Names of the targets of some log entries, looked up per type in one query each. */
async function targetNames(db: Knex, entries: { target_type: string; target_id: string | null }[], lang: Lang) {
  const names: Named = new Map();
  const idsOf = (type: string) => [
    ...new Set(
      entries
        .filter((e) => e.target_type === type && e.target_id !== null && /^\d+$/.test(e.target_id))
        .map((e) => Number(e.target_id)),
    ),
  ];
  const rows = async (type: string, make: (ids: number[]) => Promise<Record<string, unknown>[]>) => {
    const ids = idsOf(type);
    return ids.length ? make(ids) : [];
  };
  for (const r of await rows('registration', (ids) => db('registrations').whereIn('id', ids).select('id', 'name')))
    names.set(key('registration', String(r.id)), { label: String(r.name), href: `/admin/registrations/${r.id}` });
  for (const r of await rows('seat', (ids) =>
    db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .join('sessions', 'sessions.id', 'seats.session_id')
      .whereIn('seats.id', ids)
      .select(
        'seats.id',
        'registrations.id as registration_id',
        'registrations.name',
        `sessions.title_${lang} as title`,
      ),
  ))
    names.set(key('seat', String(r.id)), {
      label: `${String(r.name)} — ${String(r.title)}`,
      href: `/admin/registrations/${r.registration_id}`,
    });
  for (const r of await rows('session', (ids) =>
    db('sessions').whereIn('id', ids).select('id', `title_${lang} as title`),
  ))
    names.set(key('session', String(r.id)), { label: String(r.title), href: `/admin/sessions/${r.id}/edit` });
  for (const r of await rows('event', (ids) =>
    db('events').whereIn('id', ids).select('id', 'slug', `title_${lang} as title`),
  ))
    names.set(key('event', String(r.id)), { label: String(r.title), href: `/admin/events/${r.slug}` });
  for (const r of await rows('quota', (ids) => db('quotas').whereIn('id', ids).select('id', 'name')))
    names.set(key('quota', String(r.id)), { label: String(r.name), href: null });
  for (const r of await rows('organizer', (ids) => db('organizers').whereIn('id', ids).select('id', 'name', 'email')))
    names.set(key('organizer', String(r.id)), { label: `${String(r.name)} (${String(r.email)})`, href: null });
  return names;
}

export interface LogEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  target: TargetName | null;
  changes: WordedChange[];
}

async function views(db: Knex, rows: (AuditEntryRow | AccessEntryRow)[], lang: Lang): Promise<LogEntryView[]> {
  const names = await targetNames(db, rows, lang);
  const details = rows.map((r) =>
    'detail' in r
      ? { action: r.action, target_type: r.target_type, before: null, after: r.detail }
      : { action: r.action, target_type: r.target_type, before: r.before, after: r.after },
  );
  const words = await auditNames(db, details);
  const actors = await organizerNames(
    db,
    rows.map((r) => r.actor),
  );
  return rows.map((r, i) => ({
    id: r.id,
    at: r.at,
    actor: actorWords(r.actor, actors, lang),
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    target: names.get(key(r.target_type, r.target_id)) ?? null,
    changes: auditChanges(details[i]!, words, lang),
  }));
}

/** A page of the audit log (changes) or the access log (views of personal data), as people read it. */
export async function logPage(
  db: Knex,
  table: 'audit_log' | 'access_log',
  filter: LogFilter,
  lang: Lang,
  scope?: LogScope,
) {
  const rows = await logEntries<AuditEntryRow | AccessEntryRow>(db, table, filter, LOG_PAGE, scope);
  return {
    entries: await views(db, rows, lang),
    more: rows.length === LOG_PAGE,
    choices: await logChoices(db, table, scope),
  };
}

export { readableValue };
