import type { Knex } from 'knex';
import type { ProgrammeCache } from './programmeCache.js';
import type { SqliteReader } from './reader.js';
import type { Conn } from './knex.js';
import { questionsOfEvent } from './questions.js';
import { toIso } from '../domain/time.js';
import { sortFor } from '../domain/text.js';
import type { Question } from '../domain/questions.js';
import type { Event, Municipality, Programme, Quota, Region, Session } from '../domain/types.js';

type Row = Record<string, unknown>;

/**
 * What reading a programme needs of the database handle (database.ts's Database has it):
 * knex, SQLite's read connection where there is one, and the programme cache. Named here
 * so that this module needs nothing of database.ts, which builds its runner on it.
 */
export interface ProgrammeSource {
  knex: Knex;
  reader: SqliteReader | null;
  programmes: ProgrammeCache;
}

const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function eventFromRow(r: Row): Event {
  return {
    id: Number(r.id),
    slug: str(r.slug),
    kind: str(r.kind) as Event['kind'],
    title: { lv: str(r.title_lv), en: str(r.title_en) },
    description: { lv: str(r.description_lv), en: str(r.description_en) },
    timezone: str(r.timezone),
    registrationOpensAt: toIso(str(r.registration_opens_at)),
    registrationClosesAt: toIso(str(r.registration_closes_at)),
    status: str(r.status) as Event['status'],
    reminderHours: Number(r.reminder_hours),
    joinLinkMinutes: Number(r.join_link_minutes ?? 30),
    addressConfirmation: r.address_confirmation === 'on' ? true : r.address_confirmation === 'off' ? false : null,
    holdMinutes: Number(r.hold_minutes ?? 60),
    waitlistMode: r.waitlist_mode === 'offer' ? 'offer' : 'auto',
    offerHours: Number(r.offer_hours ?? 24),
    participantData: r.participant_data === true || Number(r.participant_data) === 1,
  };
}

export function sessionFromRow(r: Row): Session {
  return {
    id: Number(r.id),
    eventId: Number(r.event_id),
    kind: str(r.kind) as Session['kind'],
    regionId: optStr(r.region_id),
    title: { lv: str(r.title_lv), en: str(r.title_en) },
    description: { lv: str(r.description_lv), en: str(r.description_en) },
    startsAt: toIso(str(r.starts_at)),
    endsAt: toIso(str(r.ends_at)),
    streamUrl: optStr(r.stream_url),
    joinUrl: optStr(r.join_url),
    place: optStr(r.place),
    audience: optStr(r.audience),
    address: optStr(r.address),
    speakers: { lv: str(r.speakers_lv ?? ''), en: str(r.speakers_en ?? '') },
    embedOrigins: str(r.embed_origins ?? '')
      .split(/\s+/)
      .filter((o) => o !== ''),
    status: str(r.status) as Session['status'],
    sequence: Number(r.sequence),
  };
}

export async function listRegions(db: Conn): Promise<Region[]> {
  const rows: Row[] = await db('regions').orderBy('sort');
  return rows.map((r) => ({ id: str(r.id), name: { lv: str(r.name_lv), en: str(r.name_en) } }));
}

async function readMunicipalities(db: Conn): Promise<Municipality[]> {
  const rows: Row[] = await db('municipalities').orderBy('name_lv');
  return rows.map((r) => ({
    id: str(r.id),
    name: { lv: str(r.name_lv), en: str(r.name_en) },
    regionId: str(r.region_id),
  }));
}

async function readEvents(db: Conn, opts: { publishedOnly: boolean }): Promise<Event[]> {
  const q = db('events').orderBy('registration_opens_at').orderBy('id');
  if (opts.publishedOnly) void q.where('status', 'published');
  const rows: Row[] = await q;
  return rows.map(eventFromRow);
}

/** Which sessions each quota covers: part of the static programme. */
async function quotaLinksOfEvent(db: Conn, eventId: number): Promise<Row[]> {
  return db('quota_sessions')
    .join('quotas', 'quotas.id', 'quota_sessions.quota_id')
    .where('quotas.event_id', eventId)
    .select('quota_sessions.quota_id', 'quota_sessions.session_id')
    .orderBy('quota_sessions.session_id');
}

function quotasWithLinks(quotas: readonly Row[], links: readonly Row[]): Quota[] {
  return quotas.map((q) => ({
    id: Number(q.id),
    eventId: Number(q.event_id),
    name: str(q.name),
    nameEn: q.name_en ? str(q.name_en) : str(q.name),
    size: Number(q.size),
    used: Number(q.used),
    sessionIds: links.filter((l) => Number(l.quota_id) === Number(q.id)).map((l) => Number(l.session_id)),
  }));
}

export async function quotasOfEvent(db: Conn, eventId: number): Promise<Quota[]> {
  const quotas: Row[] = await db('quotas').where('event_id', eventId).orderBy('id');
  return quotasWithLinks(quotas, await quotaLinksOfEvent(db, eventId));
}

/** Everything of a programme but the quotas' sizes and used counters. */
interface StaticProgramme {
  event: Event;
  regions: Region[];
  sessions: Session[];
  quotaLinks: Row[];
  questions: Question[];
}

async function loadStatic(db: Conn, where: { slug: string } | { id: number }): Promise<StaticProgramme | null> {
  const row: Row | undefined = await db('events').where(where).first();
  if (!row) return null;
  const event = eventFromRow(row);
  const sessionRows: Row[] = await db('sessions')
    .where('event_id', event.id)
    .orderBy('starts_at')
    .orderBy('sort')
    .orderBy('id');
  const sessions = sessionRows.map(sessionFromRow);
  const regionIds = new Set(sessions.map((s) => s.regionId).filter((r): r is string => r !== null));
  // An event held nowhere in particular (a national course, online) is for every region.
  const regions = (await listRegions(db)).filter((r) => regionIds.size === 0 || regionIds.has(r.id));
  return {
    event,
    regions,
    sessions,
    quotaLinks: await quotaLinksOfEvent(db, event.id),
    questions: await questionsOfEvent(db, event.id),
  };
}

/** What a slug may be (the event form's rule); anything else names no event. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The whole programme of one event; regions are those its sessions take place in (all of
 * them when none has a region). The
 * static part comes from the cache of the current programme version (programmeCache.ts);
 * quota sizes and used counters are always read live. `version` is the programme version
 * the static part belongs to: a capacity use case planned on it checks it under its
 * locks (capacity.ts).
 */
export async function loadProgramme(
  db: ProgrammeSource,
  where: { slug: string } | { id: number },
): Promise<Programme | null> {
  // No event has a slug that is not one: and PostgreSQL refuses a NUL in text (a 500).
  if ('slug' in where && !SLUG.test(where.slug)) return null;
  const key = 'slug' in where ? `slug:${where.slug}` : `id:${where.id}`;
  if (db.reader) return loadFromReader(db, key, where);
  const cache = db.programmes;
  // What is kept belongs to the version the cache holds now (a new version empties it).
  const keptUnder = cache.currentVersion;
  const known = await cache.peek<StaticProgramme>(key);
  if (known) {
    // One statement reads the live quotas and the programme version together: if the
    // version is the one the cache was filled under, the cached part is current.
    const rows: Row[] = await db
      .knex('quotas')
      .crossJoin(db.knex.raw('programme_version'))
      .where('quotas.event_id', known.event.id)
      .andWhere('programme_version.id', 1)
      .orderBy('quotas.id')
      .select('quotas.*', 'programme_version.version as programme_version');
    const version = rows[0]?.programme_version;
    // The kept part is current only if it was kept under the version read with the
    // quotas: another request may have adopted that version meanwhile, emptying the cache.
    if (version !== undefined && Number(version) === keptUnder && cache.adopt(Number(version))) {
      return { ...programmeOf(known, rows), version: Number(version) };
    }
  }
  await cache.refresh();
  const version = cache.currentVersion ?? 0;
  const fixed = await cache.get(key, () => loadStatic(db.knex, where));
  if (!fixed) return null;
  const quotas: Row[] = await db.knex('quotas').where('event_id', fixed.event.id).orderBy('id');
  return { ...programmeOf(fixed, quotas), version };
}

function programmeOf(fixed: StaticProgramme, quotas: readonly Row[]): Omit<Programme, 'version'> {
  const { event, regions, sessions, quotaLinks, questions } = fixed;
  return { event, regions, sessions, quotas: quotasWithLinks(quotas, quotaLinks), questions };
}

/**
 * loadProgramme on SQLite: while nobody has committed anything since the last load (the
 * data version is the same), the very same programme, without a query; otherwise the
 * static part from the programme cache and the quotas read live on the side connection.
 */
async function loadFromReader(
  db: ProgrammeSource,
  key: string,
  where: { slug: string } | { id: number },
): Promise<Programme | null> {
  const reader = db.reader;
  if (!reader) throw new Error('loadFromReader needs an SQLite database');
  const dataVersion = reader.dataVersion();
  const cache = db.programmes;
  const kept = cache.snapshot<Programme>(key, dataVersion);
  if (kept) return kept;
  await cache.refresh();
  const version = cache.currentVersion ?? 0;
  const fixed = await cache.get(key, () => loadStatic(db.knex, where));
  if (!fixed) return null;
  const quotas = reader.all('SELECT * FROM quotas WHERE event_id = ? ORDER BY id', [fixed.event.id]);
  return cache.keepSnapshot(key, dataVersion, { ...programmeOf(fixed, quotas), version });
}

/** All municipalities, from the cache of the programme version (in the database's order). */
export async function listMunicipalities(db: ProgrammeSource): Promise<Municipality[]> {
  return (await (await db.programmes.refresh()).get('municipalities', () => readMunicipalities(db.knex))) ?? [];
}

/**
 * All municipalities as a person reads them: the Latvian names in Latvian alphabet order,
 * the English ones in English order.
 */
export async function municipalitiesInOrder(db: ProgrammeSource, lang: 'lv' | 'en'): Promise<Municipality[]> {
  return sortFor(lang, await listMunicipalities(db), (m) => m.name[lang]);
}

/** Events in order of opening, from the cache of the programme version. */
export async function listEvents(db: ProgrammeSource, opts: { publishedOnly: boolean }): Promise<Event[]> {
  const key = opts.publishedOnly ? 'events:published' : 'events:all';
  return (await (await db.programmes.refresh()).get(key, () => readEvents(db.knex, opts))) ?? [];
}

export async function findEventIdOfSession(db: Conn, sessionId: number): Promise<number | null> {
  const row: Row | undefined = await db('sessions').where('id', sessionId).first('event_id');
  return row ? Number(row.event_id) : null;
}

export async function findEventIdOfQuota(db: Conn, quotaId: number): Promise<number | null> {
  const row: Row | undefined = await db('quotas').where('id', quotaId).first('event_id');
  return row ? Number(row.event_id) : null;
}

/** How many days after its last session an event keeps personal data (not part of the programme). */
export async function retentionDaysOf(db: Conn, eventId: number): Promise<number | null> {
  const row: Row | undefined = await db('events').where('id', eventId).first('retention_days');
  return row ? Number(row.retention_days) : null;
}
