import type { Knex } from 'knex';
import { formatDateTime, type Lang } from '../../domain/time.js';
import { whereLine } from '../../domain/where.js';
import { isMessageKey, translator, type MessageKey, type Translate } from '../../i18n/index.js';
import { phoneLine } from '../../domain/phone.js';
import { fieldLabelsOf } from '../../http/admin/fieldLabels.js';

/**
 * An audit entry's details in words: the one place that turns the before and after of an
 * entry into lines an organizer reads — fields named as the forms name them ("vārds,
 * uzvārds", "reģions", "kā saņemta piekrišana"), values as the pages say them
 * ("apstiprināta vieta", "Vidzeme", "pa tālruni"), sessions by title, time and place,
 * seats by the person's name; never a key, an id or a code. Used by the audit log page
 * and by a person's record (its history).
 */
export interface WordedChange {
  /** The field's key, for tests and styling; the page shows `label`. */
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

/** What an entry's details may name, loaded for a page of entries at once. */
export interface AuditNames {
  sessions: Map<number, SessionName>;
  seats: Map<number, { person: string; sessionId: number }>;
  regions: Map<string, Record<Lang, string>>;
  municipalities: Map<string, Record<Lang, string>>;
  quotas: Map<number, Record<Lang, string>>;
  organizers: Map<number, string>;
}

interface SessionName {
  title: Record<Lang, string>;
  startsAt: string;
  place: string | null;
  address: string | null;
}

/** An entry as the log keeps it: what was done to what, with JSON before and after. */
export interface AuditDetails {
  action: string;
  target_type: string;
  before: string | null;
  after: string | null;
}

type Json = Record<string, unknown>;

function parse(json: string | null): Json {
  if (json === null || json === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
    return { value };
  } catch {
    return { value: json };
  }
}

const ids = (v: unknown): number[] =>
  (Array.isArray(v) ? v : [v])
    .map((x) => (x && typeof x === 'object' ? (x as Json).id : x))
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

interface Ctx {
  t: Translate;
  lang: Lang;
  names: AuditNames;
  /** What the entry is about: a status or a name means different things on each. */
  subject:
    'registration' | 'seat' | 'session' | 'event' | 'certificate' | 'quota' | 'organizer' | 'accessibility' | 'other';
}

/** A field: its label (key or by subject) and how its value reads; `hide` leaves it out (an internal id). */
interface FieldWords {
  label: MessageKey | ((c: Ctx) => MessageKey);
  value?: (v: unknown, c: Ctx) => string | null;
  hide?: true;
}

const lowerFirst = (s: string, lang: Lang) => s.charAt(0).toLocaleLowerCase(lang) + s.slice(1);
const knownText = (c: Ctx, key: string): string | null => (isMessageKey(key) ? c.t(key) : null);

const text = (v: unknown): string | null => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
};

const sessionWords = (id: unknown, c: Ctx): string => {
  const s = c.names.sessions.get(Number(id));
  if (!s) return c.t('log.value.gone');
  return `${s.title[c.lang]} — ${formatDateTime(s.startsAt, c.lang)} · ${whereLine(s, c.t('seminars.online'))}`;
};
const personOfSeat = (id: unknown, c: Ctx): string => c.names.seats.get(Number(id))?.person ?? c.t('log.value.gone');
const regionWords = (v: unknown, c: Ctx): string | null =>
  v === null || v === undefined || v === ''
    ? null
    : (c.names.regions.get(String(v))?.[c.lang] ?? c.t('log.value.gone'));
const list = (v: unknown, one: (x: unknown, c: Ctx) => string | null, c: Ctx): string | null => {
  const items = (Array.isArray(v) ? v : [v]).map((x) => one(x, c)).filter((x): x is string => x !== null);
  return items.length ? items.join(', ') : null;
};

const seatStatus = (status: unknown, c: Ctx, position?: unknown): string => {
  if (status === 'waitlisted' && Number(position) > 0) return c.t('log.seat.waitlistedAt', { n: Number(position) });
  return knownText(c, `log.seat.${String(status)}`) ?? c.t('log.value.gone');
};

/** A status as the subject of the entry says it: a place, a registration, a session, an event, a certificate. */
const statusWords = (v: unknown, c: Ctx): string | null => {
  if (v === null || v === undefined) return null;
  const key = {
    seat: `log.seat.${String(v)}`,
    registration: `admin.registration.${String(v)}`,
    session: `log.session.${String(v)}`,
    event: `admin.eventStatus.${String(v)}`,
    certificate: `pd.status.${String(v)}`,
    accessibility: `a11y.status.${String(v)}`,
  }[c.subject as string];
  const said = key ? knownText(c, key) : null;
  return said ? lowerFirst(said, c.lang) : (knownText(c, `log.seat.${String(v)}`) ?? String(v));
};

/** A list of a person's seats: "Darbnīca A — … · Tiešsaistē (apstiprināta vieta)". */
const seatsWords = (v: unknown, c: Ctx): string | null => {
  if (!Array.isArray(v)) return text(v);
  const lines = v.map((x) => {
    const s = (x ?? {}) as Json;
    const sessionId = s.sessionId ?? c.names.seats.get(Number(s.id))?.sessionId;
    return `${sessionWords(sessionId, c)} (${seatStatus(s.status, c, s.position)})`;
  });
  return lines.length ? lines.join('; ') : null;
};

const quotaName = (id: unknown, c: Ctx) => c.names.quotas.get(Number(id))?.[c.lang] ?? c.t('log.value.gone');
const counted = (v: unknown) => (typeof v === 'number' ? String(v) : Array.isArray(v) ? String(v.length) : text(v));

/** The catalogue: every field an audit entry holds, its label in the forms' words and how its value reads. */
const FIELDS: Record<string, FieldWords> = {
  name: {
    label: (c) =>
      c.subject === 'registration' || c.subject === 'organizer' ? 'log.field.personName' : 'log.field.name',
    value: text,
  },
  email: { label: 'log.field.email', value: text },
  phone: { label: 'log.field.phone', value: (v) => (typeof v === 'string' ? phoneLine(v) : text(v)) },
  kind: {
    label: 'admin.kind',
    value: (v, c) => {
      const said = knownText(c, `kind.${String(v)}`) ?? knownText(c, `admin.kind.${String(v)}`);
      return said ? lowerFirst(said, c.lang) : text(v);
    },
  },
  institution: { label: 'log.field.institution', value: text },
  municipality: {
    label: 'log.field.municipality',
    value: (v, c) => (v ? (c.names.municipalities.get(String(v))?.[c.lang] ?? c.t('log.value.gone')) : null),
  },
  role: {
    label: 'log.field.role',
    value: (v, c) => {
      const said = knownText(c, `role.${String(v)}`) ?? knownText(c, `admin.role.${String(v)}`);
      return said ? lowerFirst(said, c.lang) : text(v);
    },
  },
  language: { label: 'log.field.language', value: (v, c) => knownText(c, `language.${String(v)}`) ?? text(v) },
  regionId: { label: 'log.field.region', value: regionWords },
  region: { label: 'log.field.region', value: regionWords },
  regionIds: { label: 'log.field.regionIds', value: (v, c) => list(v, regionWords, c) },
  consentSource: {
    label: 'log.field.consentSource',
    value: (v, c) => {
      const said = v ? knownText(c, `admin.consentSource.${String(v)}`) : null;
      return said ? lowerFirst(said, c.lang) : text(v);
    },
  },
  status: { label: 'log.field.status', value: statusWords },
  seats: { label: 'log.field.seats', value: seatsWords },
  sessions: { label: 'log.field.sessions', value: (v, c) => list(v, sessionWords, c) },
  sessionId: { label: 'log.field.sessionId', value: sessionWords },
  sessionIds: { label: 'log.field.sessions', value: (v, c) => list(v, sessionWords, c) },
  seatId: { label: 'log.field.seatId', hide: true },
  waitlistPosition: { label: 'log.field.waitlistPosition', value: (v) => (Number(v) > 0 ? String(v) : null) },
  promotedSeatIds: { label: 'log.field.promotedSeatIds', value: (v, c) => list(v, personOfSeat, c) },
  present: { label: 'log.field.present', value: (v, c) => list(v, personOfSeat, c) },
  quotas: {
    label: 'log.field.quotas',
    value: (v, c) =>
      list(
        v,
        (q) => {
          const x = (q ?? {}) as Json;
          return `${quotaName(x.id, c)}: ${c.t('admin.fill', { used: Number(x.used), size: Number(x.size) })}`;
        },
        c,
      ),
  },
  grownQuotas: {
    label: 'log.field.grownQuotas',
    value: (v, c) =>
      list(
        v,
        (q) => {
          const x = (q ?? {}) as Json;
          return `${quotaName(x.id, c)}: ${Number(x.from)} → ${Number(x.to)}`;
        },
        c,
      ),
  },
  size: { label: 'log.field.size', value: text },
  used: { label: 'log.field.used', value: text },
  organizerId: {
    label: 'log.field.organizer',
    value: (v, c) => c.names.organizers.get(Number(v)) ?? c.t('log.value.gone'),
  },
  reason: { label: 'log.field.reason', value: (v, c) => knownText(c, `log.reason.${String(v)}`) ?? text(v) },
  startsAt: { label: 'log.field.startsAt', value: (v, c) => (v ? formatDateTime(String(v), c.lang) : null) },
  endsAt: { label: 'log.field.endsAt', value: (v, c) => (v ? formatDateTime(String(v), c.lang) : null) },
  sequence: { label: 'log.field.sequence', hide: true },
  place: { label: 'log.field.place', value: text },
  address: { label: 'log.field.address', value: text },
  message: {
    label: 'log.field.message',
    value: (v, c) => (v && typeof v === 'object' ? text((v as Json)[c.lang]) : text(v)),
  },
  filter: {
    label: 'log.field.filter',
    value: (v, c) => {
      if (!v || typeof v !== 'object') return text(v);
      const parts = Object.entries(v as Json)
        .filter(([k, x]) => x !== null && x !== undefined && x !== '' && FIELDS[k] && !FIELDS[k].hide)
        .map(([k, x]) => {
          const f = FIELDS[k]!;
          return `${labelOf(f, c)}: ${f.value?.(x, c) ?? '—'}`;
        });
      return parts.length ? parts.join('; ') : null;
    },
  },
  eventId: { label: 'log.field.event', hide: true },
  scope: { label: 'log.field.regionIds', hide: true },
  q: { label: 'log.field.search', value: text },
  subject: { label: 'log.field.subject', value: text },
  subjectEn: { label: 'log.field.subjectEn', value: text },
  recipients: { label: 'log.field.recipients', value: text },
  byLanguage: {
    label: 'log.field.byLanguage',
    value: (v, c) =>
      v && typeof v === 'object'
        ? Object.entries(v as Json)
            .map(([k, n]) => `${knownText(c, `language.${k}`) ?? k}: ${String(n)}`)
            .join('; ')
        : text(v),
  },
  matched: { label: 'log.field.matched', value: counted },
  unknown: { label: 'log.field.unknown', value: counted },
  registrations: { label: 'log.field.registrations', value: counted },
  issued: { label: 'log.field.issued', value: counted },
  reseated: { label: 'log.field.reseated', value: counted },
  rows: { label: 'log.field.rows', value: text },
  page: { label: 'log.field.page', value: text },
  by: { label: 'log.field.by', value: text },
  format: { label: 'log.field.format', value: text },
};

function labelOf(f: FieldWords, c: Ctx): string {
  return lowerFirst(c.t(typeof f.label === 'function' ? f.label(c) : f.label), c.lang);
}

const SUBJECTS: Record<string, Ctx['subject']> = {
  registration: 'registration',
  seat: 'seat',
  session: 'session',
  event: 'event',
  certificate: 'certificate',
  quota: 'quota',
  organizer: 'organizer',
  accessibility_statement: 'accessibility',
};

/** What a status or a name in an entry is about: a seat's status in seat actions, else the target's. */
function subjectOf(entry: AuditDetails): Ctx['subject'] {
  if (entry.action.startsWith('seat.')) return 'seat';
  if (entry.action === 'token.create') return 'other';
  return SUBJECTS[entry.target_type] ?? 'other';
}

/** The form an action's details come from: its fields are named as that form names them. */
const FORM_OF: [RegExp, string][] = [
  [/^event\.(create|update)$/, 'event-form'],
  [/^event\.clone$/, 'event-clone'],
  [/^event\.places$/, 'places'],
  [/^session\.(create|update)$/, 'session-form'],
  [/^question\./, 'question-form'],
  [/^quota\.create$/, 'quota-form'],
  [/^certificates\.settings$/, 'certificates'],
];

/** A value of a field the catalogue does not hold: a moment as a date and time, yes and no in words, text as it is. */
function otherValue(v: unknown, c: Ctx): string | null {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return formatDateTime(v, c.lang);
  if (typeof v === 'boolean') return c.t(v ? 'admin.yes' : 'admin.no');
  if (v && typeof v === 'object') {
    const parts = Object.entries(v as Json)
      .filter(([, x]) => x !== null && x !== undefined && x !== '')
      .map(([k, x]) => `${FIELDS[k] ? labelOf(FIELDS[k], c) : otherLabelOnly(k, c)}: ${otherValue(x, c) ?? '—'}`);
    return parts.length ? parts.join('; ') : null;
  }
  return text(v);
}

const otherLabelOnly = (field: string, c: Ctx) => knownText(c, `log.field.${field}`) ?? c.t('log.field.other');

/** The settings pages whose form labels its fields from a catalogue prefix of its own. */
const LABELS_OF: Record<string, string> = {
  'privacy.update': 'privacyField',
  'accessibility.update': 'a11y.field',
};

/** A field the catalogue does not hold: its label in the action's own form, else its own log label. */
function otherLabel(action: string, field: string, c: Ctx): string {
  const form = FORM_OF.find(([pattern]) => pattern.test(action))?.[1];
  const prefix = LABELS_OF[action];
  const label = form
    ? fieldLabelsOf(form, [field], (key) => knownText(c, key) ?? '')[field]
    : prefix
      ? (knownText(c, `${prefix}.${field}`) ?? undefined)
      : undefined;
  if (label) return lowerFirst(label, c.lang);
  return knownText(c, `log.field.${field}`) ?? c.t('log.field.other');
}

/** The fields of an entry that changed (all of after when there was no before), in words. */
export function auditChanges(entry: AuditDetails, names: AuditNames, lang: Lang): WordedChange[] {
  const c: Ctx = { t: translator(lang), lang, names, subject: subjectOf(entry) };
  const a = parse(entry.before);
  const b = parse(entry.after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const changes: WordedChange[] = [];
  for (const field of fields) {
    const f = FIELDS[field];
    if (f?.hide) continue;
    const say = (v: unknown) => (f?.value ? f.value(v, c) : otherValue(v, c));
    const before = field in a ? say(a[field]) : null;
    const after = field in b ? say(b[field]) : null;
    if (before === after) continue;
    const label = f ? labelOf(f, c) : otherLabel(entry.action, field, c);
    changes.push({ field, label, before, after });
  }
  return changes;
}

/** Every id a list of entries names, by kind, found by walking their details. */
function idsNamed(entries: readonly AuditDetails[]) {
  const found = {
    sessions: new Set<number>(),
    seats: new Set<number>(),
    quotas: new Set<number>(),
    organizers: new Set<number>(),
  };
  const walk = (o: Json) => {
    for (const [k, v] of Object.entries(o)) {
      if (k === 'sessionId' || k === 'sessionIds' || k === 'sessions') ids(v).forEach((n) => found.sessions.add(n));
      else if (k === 'promotedSeatIds' || k === 'present') ids(v).forEach((n) => found.seats.add(n));
      else if (k === 'seats' && Array.isArray(v)) {
        for (const s of v as Json[]) {
          if (s && typeof s === 'object') {
            ids(s.id).forEach((n) => found.seats.add(n));
            ids(s.sessionId).forEach((n) => found.sessions.add(n));
          }
        }
      } else if (k === 'quotas' || k === 'grownQuotas') ids(v).forEach((n) => found.quotas.add(n));
      else if (k === 'organizerId') ids(v).forEach((n) => found.organizers.add(n));
      else if (k === 'filter' && v && typeof v === 'object') walk(v as Json);
    }
  };
  for (const e of entries) {
    walk(parse(e.before));
    walk(parse(e.after));
  }
  return found;
}

/** The names a page of entries needs, one query a kind. */
export async function auditNames(db: Knex, entries: readonly AuditDetails[]): Promise<AuditNames> {
  const found = idsNamed(entries);
  const seatRows = found.seats.size
    ? ((await db('seats')
        .join('registrations', 'registrations.id', 'seats.registration_id')
        .whereIn('seats.id', [...found.seats])
        .select('seats.id', 'seats.session_id', 'registrations.name')) as Record<string, unknown>[])
    : [];
  for (const r of seatRows) found.sessions.add(Number(r.session_id));
  const sessionRows = found.sessions.size
    ? ((await db('sessions')
        .whereIn('id', [...found.sessions])
        .select('id', 'title_lv', 'title_en', 'starts_at', 'place', 'address')) as Record<string, unknown>[])
    : [];
  const quotaRows = found.quotas.size
    ? ((await db('quotas')
        .whereIn('id', [...found.quotas])
        .select('*')) as Record<string, unknown>[])
    : [];
  const organizerRows = found.organizers.size
    ? ((await db('organizers')
        .whereIn('id', [...found.organizers])
        .select('id', 'name')) as Record<string, unknown>[])
    : [];
  const named = async (table: string) =>
    new Map(
      ((await db(table).select('id', 'name_lv', 'name_en')) as Record<string, unknown>[]).map((r) => [
        String(r.id),
        { lv: String(r.name_lv), en: String(r.name_en) },
      ]),
    );
  return {
    sessions: new Map(
      sessionRows.map((r) => [
        Number(r.id),
        {
          title: { lv: String(r.title_lv), en: String(r.title_en) },
          startsAt: String(r.starts_at),
          place: r.place === null ? null : String(r.place),
          address: r.address === null ? null : String(r.address),
        },
      ]),
    ),
    seats: new Map(seatRows.map((r) => [Number(r.id), { person: String(r.name), sessionId: Number(r.session_id) }])),
    regions: await named('regions'),
    municipalities: await named('municipalities'),
    quotas: new Map(
      quotaRows.map((r) => [
        Number(r.id),
        { lv: String(r.name), en: String((r.name_en as string | null | undefined) || r.name) },
      ]),
    ),
    organizers: new Map(organizerRows.map((r) => [Number(r.id), String(r.name)])),
  };
}

/**
 * Who did it, as people say it: an organizer by name and address, the person themselves,
 * their school's group coordinator, or the system's retention job — never a code.
 */
export function actorWords(actor: string, organizers: ReadonlyMap<string, string>, lang: Lang): string {
  const t = translator(lang);
  if (actor === 'participant') return t('log.actor.participant');
  if (actor === 'retention') return t('log.actor.retention');
  if (actor.startsWith('group:')) return t('log.actor.group');
  return organizers.get(actor) ?? actor;
}

/** Organizers' names by e-mail, for the "who" column. */
export async function organizerNames(db: Knex, actors: readonly string[]): Promise<Map<string, string>> {
  const emails = [...new Set(actors)].filter((a) => a.includes('@'));
  if (emails.length === 0) return new Map();
  const rows = (await db('organizers').whereIn('email', emails).select('name', 'email')) as {
    name: string;
    email: string;
  }[];
  return new Map(rows.map((r) => [r.email, `${r.name} (${r.email})`]));
}

/** The changes of each entry, in words, in `lang`, and who made them. */
export async function entriesInWords<T extends AuditDetails & { actor: string }>(
  db: Knex,
  entries: readonly T[],
  lang: Lang,
): Promise<(T & { changes: WordedChange[]; who: string })[]> {
  const names = await auditNames(db, entries);
  const organizers = await organizerNames(
    db,
    entries.map((e) => e.actor),
  );
  return entries.map((e) => ({
    ...e,
    changes: auditChanges(e, names, lang),
    who: actorWords(e.actor, organizers, lang),
  }));
}
