import { foldForSearch, sortFor } from '../domain/text.js';
import type { Knex } from 'knex';

/** The filters an organizer can apply to a registration list (pages, exports, API). */
export interface RegistrantFilter {
  eventId: number;
  /** A coordinator's regions; undefined for admins (no limit). */
  scope?: string[];
  region?: string;
  sessionId?: number;
  /** confirmed | waitlisted (a seat in a limited session), cancelled (the registration), active */
  status?: string;
  municipality?: string;
  role?: string;
  /** phone: only people without an e-mail (registered by phone). */
  contact?: 'phone';
  q?: string;
}

export interface RegistrantRow {
  id: number;
  name: string;
  /** Null for a person registered by hand without an e-mail. */
  email: string | null;
  /** Organizers only (private). */
  phone: string | null;
  /**
   * A person without an e-mail who got a place from the queue after registering: no message
   * reached them, so an organizer must phone them.
   */
  needsCall: boolean;
  institution: string;
  municipalityId: string;
  municipality: string;
  role: string;
  regionId: string;
  language: string;
  status: string;
  createdAt: string;
  consentAt: string;
  /** Workshops/seminars with their seat status, e.g. "Darbnīca A: confirmed". */
  seats: { sessionId: number; title: string; status: string; attended: boolean }[];
}

/** Statuses a list filters seats by (the others filter registrations). */
const SEAT_FILTERS: readonly string[] = ['confirmed', 'held', 'offered', 'waitlisted'];

function applyFilter(db: Knex, q: Knex.QueryBuilder, f: RegistrantFilter): Knex.QueryBuilder {
  void q.where('registrations.event_id', f.eventId);
  if (f.scope) void q.whereIn('registrations.region_id', f.scope);
  if (f.region) void q.where('registrations.region_id', f.region);
  if (f.municipality) void q.where('registrations.municipality_id', f.municipality);
  if (f.role) void q.where('registrations.role', f.role);
  if (f.contact === 'phone') void q.whereNull('registrations.email');
  if (f.status === 'cancelled' || f.status === 'active') void q.where('registrations.status', f.status);
  const seatStatus = SEAT_FILTERS.includes(f.status ?? '') ? f.status : undefined;
  if (seatStatus || f.sessionId) {
    void q.whereExists(function seatMatches(this: Knex.QueryBuilder) {
      void this.select(db.raw('1'))
        .from('seats')
        .join('sessions', 'sessions.id', 'seats.session_id')
        .whereRaw('seats.registration_id = registrations.id');
      // A session asked for by id may be the plenary (its people); a status alone means a limited session's seat.
      if (f.sessionId) void this.where('seats.session_id', f.sessionId);
      else void this.whereNot('sessions.kind', 'plenary');
      if (seatStatus) void this.where('seats.status', seatStatus);
      // A cancelled session's people are those whose seats its cancellation ended.
      else if (f.sessionId)
        void this.where((w) => void w.whereNot('seats.status', 'cancelled').orWhere('sessions.status', 'cancelled'));
      else void this.whereNot('seats.status', 'cancelled');
    });
  }
  if (f.q) {
    // search_text is folded by the app (domain/text.ts); the query is folded the same way.
    const like = `%${foldForSearch(f.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    void q.whereRaw("registrations.search_text like ? escape '\\'", [like]);
  }
  return q;
}

export async function countRegistrants(db: Knex, f: RegistrantFilter): Promise<number> {
  const row = (await applyFilter(db, db('registrations'), f).count({ n: '*' }).first()) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

export async function listRegistrants(
  db: Knex,
  f: RegistrantFilter,
  page: { limit: number; offset: number },
  lang: 'lv' | 'en',
  order: 'registered' | 'name' = 'registered',
): Promise<RegistrantRow[]> {
  const query = applyFilter(db, db('registrations'), f)
    .join('municipalities', 'municipalities.id', 'registrations.municipality_id')
    .select('registrations.*', `municipalities.name_${lang} as municipality_name`);
  let rows: Record<string, string | number | null>[];
  if (order === 'name') {
    // People in the page's language's alphabet order (Latvian: a ā b c č …), which neither
    // database collates alike: the names of the whole selection are sorted here, then one page read.
    const names = (await applyFilter(db, db('registrations'), f).select('registrations.id', 'registrations.name')) as {
      id: number;
      name: string;
    }[];
    const ids = sortFor(lang, names, (r) => r.name)
      .slice(page.offset, page.offset + page.limit)
      .map((r) => Number(r.id));
    const found = ids.length
      ? ((await query.whereIn('registrations.id', ids)) as Record<string, string | number | null>[])
      : [];
    const byId = new Map(found.map((r) => [Number(r.id), r]));
    rows = ids.map((id) => byId.get(id)).filter((r): r is Record<string, string | number | null> => r !== undefined);
  } else {
    rows = (await query.orderBy('registrations.id').limit(page.limit).offset(page.offset)) as Record<
      string,
      string | number | null
    >[];
  }
  const ids = rows.map((r) => Number(r.id));
  const seats = ids.length
    ? ((await db('seats')
        .join('sessions', 'sessions.id', 'seats.session_id')
        .whereIn('seats.registration_id', ids)
        .whereNot('sessions.kind', 'plenary')
        .select(
          'seats.registration_id',
          'seats.session_id',
          'seats.status',
          'seats.attended_at',
          'seats.confirmed_at',
          `sessions.title_${lang} as title`,
        )
        .orderBy('seats.id')) as Record<string, string | number | null>[])
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    email: r.email === null ? null : String(r.email),
    phone: r.phone === null || r.phone === undefined ? null : String(r.phone),
    needsCall:
      r.email === null &&
      r.status === 'active' &&
      seats.some(
        (s) =>
          Number(s.registration_id) === Number(r.id) &&
          s.status === 'confirmed' &&
          s.confirmed_at !== null &&
          String(s.confirmed_at) > String(r.created_at),
      ),
    institution: String(r.institution),
    municipalityId: String(r.municipality_id),
    municipality: String(r.municipality_name),
    role: String(r.role),
    regionId: String(r.region_id),
    language: String(r.language),
    status: String(r.status),
    createdAt: String(r.created_at),
    consentAt: String(r.consent_at),
    seats: seats
      .filter((s) => Number(s.registration_id) === Number(r.id))
      .map((s) => ({
        sessionId: Number(s.session_id),
        title: String(s.title),
        status: String(s.status),
        attended: s.attended_at !== null,
      })),
  }));
}

export interface ExportSeat {
  id: number;
  registrationId: number;
  sessionId: number;
  kind: string;
  title: string;
  startsAt: string;
  status: string;
  attendedAt: string | null;
  /** Minutes in the session by the meeting's report; null where no report named the person. */
  attendedMinutes: number | null;
}

/** Every seat of the given registrations, plenaries too, in FIFO order (for exports). */
export async function seatsOfRegistrations(db: Knex, ids: readonly number[], lang: 'lv' | 'en'): Promise<ExportSeat[]> {
  const seats: ExportSeat[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await db('seats')
      .join('sessions', 'sessions.id', 'seats.session_id')
      .whereIn('seats.registration_id', ids.slice(i, i + 500))
      .select(
        'seats.id',
        'seats.registration_id',
        'seats.session_id',
        'seats.status',
        'seats.attended_at',
        'seats.attended_minutes',
        'sessions.kind',
        'sessions.starts_at',
        `sessions.title_${lang} as title`,
      )
      .orderBy('seats.id')) as Record<string, string | number | null>[];
    for (const s of rows)
      seats.push({
        id: Number(s.id),
        registrationId: Number(s.registration_id),
        sessionId: Number(s.session_id),
        kind: String(s.kind),
        title: String(s.title),
        startsAt: String(s.starts_at),
        status: String(s.status),
        attendedAt: s.attended_at === null ? null : String(s.attended_at),
        attendedMinutes:
          s.attended_minutes === null || s.attended_minutes === undefined ? null : Number(s.attended_minutes),
      });
  }
  return seats;
}

/** Every waiting seat of an event's sessions (id is the FIFO order), for waitlist positions. */
export async function waitingSeatsOfEvent(db: Knex, eventId: number): Promise<{ id: number; sessionId: number }[]> {
  const rows = (await db('seats')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .where('sessions.event_id', eventId)
    .andWhere('seats.status', 'waitlisted')
    .select('seats.id', 'seats.session_id')
    .orderBy('seats.id')) as { id: number; session_id: number }[];
  return rows.map((r) => ({ id: Number(r.id), sessionId: Number(r.session_id) }));
}
