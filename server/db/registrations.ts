import type { Knex } from 'knex';
import type { Tx } from './knex.js';
import { asSql, placeholders, type SqlConn } from './sql.js';
import { registrationSearchText } from '../domain/text.js';
import { toIso } from '../domain/time.js';
import type { Registration, Seat, SeatStatus } from '../domain/types.js';
import { TokenVault } from '../security/tokens.js';

type Row = Record<string, unknown>;
type Conn = Knex | Tx;

const optIso = (v: unknown): string | null => (v === null || v === undefined ? null : toIso(String(v)));

export function registrationFromRow(r: Row): Registration {
  return {
    id: Number(r.id),
    eventId: Number(r.event_id),
    name: String(r.name),
    email: r.email === null || r.email === undefined ? null : String(r.email),
    phone: r.phone === null || r.phone === undefined ? null : String(r.phone),
    institution: String(r.institution),
    municipalityId: String(r.municipality_id),
    role: String(r.role) as Registration['role'],
    regionId: String(r.region_id),
    language: String(r.language) as Registration['language'],
    consentAt: toIso(String(r.consent_at)),
    status: String(r.status) as Registration['status'],
    createdAt: toIso(String(r.created_at)),
    cancelledAt: optIso(r.cancelled_at),
    addressState: (r.address_state ?? 'unchecked') as Registration['addressState'],
    confirmBy: optIso(r.confirm_by),
    linkMailedOnly: Number(r.link_mailed_only) === 1,
    groupId: r.group_id === null || r.group_id === undefined ? null : Number(r.group_id),
  };
}

export function seatFromRow(r: Row): Seat {
  return {
    id: Number(r.id),
    registrationId: Number(r.registration_id),
    sessionId: Number(r.session_id),
    status: String(r.status) as SeatStatus,
    createdAt: toIso(String(r.created_at)),
    confirmedAt: optIso(r.confirmed_at),
    cancelledAt: optIso(r.cancelled_at),
    expiresAt: optIso(r.expires_at),
    ...(typeof r.calendar_uid === 'string' && r.calendar_uid !== ''
      ? { calendar: { uid: r.calendar_uid, sequenceBase: Number(r.calendar_sequence_base ?? 0) } }
      : {}),
  };
}

/** A registration with its sealed manage token (which only the manage-link use cases open). */
export type SealedRegistration = Registration & { tokenSealed: string };

const sealedFromRow = (row: Row | undefined): SealedRegistration | null =>
  row ? { ...registrationFromRow(row), tokenSealed: String(row.token_sealed) } : null;

export async function findRegistrationByTokenHash(db: Conn, hash: string): Promise<SealedRegistration | null> {
  return sealedFromRow(await db('registrations').where('token_hash', hash).first());
}

export async function findRegistrationById(db: Conn, id: number): Promise<SealedRegistration | null> {
  return sealedFromRow(await db('registrations').where('id', id).first());
}

export async function findActiveByEmail(
  db: SqlConn,
  eventId: number,
  emailNormalized: string,
): Promise<SealedRegistration | null> {
  // 'active' is written out so that SQLite can use the partial unique index
  // registrations_event_email_active (a bound value cannot prove its WHERE clause).
  const [row] = await asSql(db).all(
    `SELECT * FROM registrations WHERE event_id = ? AND email_normalized = ? AND status = 'active' LIMIT 1`,
    [eventId, emailNormalized],
  );
  return sealedFromRow(row);
}

export async function findSeat(db: Conn, seatId: number): Promise<Seat | null> {
  const row: Row | undefined = await db('seats').where('id', seatId).first();
  return row ? seatFromRow(row) : null;
}

export async function seatsOf(db: Conn, registrationId: number): Promise<Seat[]> {
  const rows: Row[] = await db('seats').where('registration_id', registrationId).orderBy('id');
  return rows.map(seatFromRow);
}

/** Seats in FIFO order that wait for one of the given sessions. */
export async function waitlistOf(db: Conn, sessionIds: readonly number[]): Promise<Seat[]> {
  if (sessionIds.length === 0) return [];
  const rows: Row[] = await db('seats')
    .whereIn('session_id', sessionIds)
    .andWhere('status', 'waitlisted')
    .orderBy('id');
  return rows.map(seatFromRow);
}

/** How many seats wait for any of the given sessions. */
export async function countWaitlisted(db: Conn, sessionIds: readonly number[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const row = (await db('seats')
    .whereIn('session_id', sessionIds)
    .andWhere('status', 'waitlisted')
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** How many people wait for any of the given sessions (a course's waiting person once, not per session). */
export async function countWaitingPeople(db: Conn, sessionIds: readonly number[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const row = (await db('seats')
    .whereIn('session_id', sessionIds)
    .andWhere('status', 'waitlisted')
    .countDistinct({ n: 'registration_id' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** How many waiting seats of the given sessions are ahead of a seat in the FIFO order. */
export async function countWaitingAhead(db: SqlConn, seatId: number, sessionIds: readonly number[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const [row] = await asSql(db).all<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM seats
      WHERE session_id IN (${placeholders(sessionIds.length)}) AND status = 'waitlisted' AND id < ?`,
    [...sessionIds, seatId],
  );
  return Number(row?.n ?? 0);
}

/**
 * The registration's search column, to write with every change of its name, e-mail or
 * institution (organizer search reads only this column: db/registrants.ts).
 */
export function searchColumn(r: { name: string; email: string | null; phone?: string | null; institution: string }): {
  search_text: string;
} {
  return { search_text: registrationSearchText(r) };
}

/** A new registration; the manage token is kept only as its hash and sealed. */
export async function insertRegistration(
  sql: SqlConn,
  r: Omit<Registration, 'id'> & {
    emailNormalized: string | null;
    tokenHash: string;
    tokenSealed: string;
    clientHash?: string | null;
  },
): Promise<Registration> {
  const id = await asSql(sql).insert(
    `INSERT INTO registrations (event_id, name, email, email_normalized, institution, municipality_id, role,
                                region_id, language, consent_at, token_hash, token_sealed, status,
                                created_at, updated_at, search_text, address_state, confirm_by,
                                link_mailed_only, client_hash, group_id, phone)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.eventId,
      r.name,
      r.email,
      r.emailNormalized,
      r.institution,
      r.municipalityId,
      r.role,
      r.regionId,
      r.language,
      r.consentAt,
      r.tokenHash,
      r.tokenSealed,
      r.status,
      r.createdAt,
      r.createdAt,
      registrationSearchText(r),
      r.addressState,
      r.confirmBy,
      r.linkMailedOnly ? 1 : 0,
      r.clientHash ?? null,
      r.groupId,
      r.phone,
    ],
  );
  const {
    emailNormalized: _normalized,
    tokenHash: _hash,
    tokenSealed: _sealed,
    clientHash: _client,
    ...registration
  } = r;
  return { ...registration, id };
}

/**
 * Removes what identifies a person — name and e-mail, in the registration and its
 * messages — and kills the manage link; region, municipality, role, institution and
 * the seats stay, so that the reports keep their counts. Messages not yet sent are
 * skipped: there is nobody left to send them to.
 */
export async function anonymiseRegistration(trx: Tx, registrationId: number, now: Date): Promise<void> {
  const erased = `erased-${registrationId}@invalid`;
  const kept = (await trx('registrations').where('id', registrationId).first('institution')) as
    { institution: string } | undefined;
  await trx('registrations')
    .where('id', registrationId)
    .update({
      name: '—',
      email: erased,
      email_normalized: erased,
      phone: null,
      search_text: registrationSearchText({ name: '—', email: erased, institution: kept?.institution ?? '' }),
      token_hash: TokenVault.hash(TokenVault.create()),
      token_sealed: '',
      anonymised_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
  await trx('outbox').where('registration_id', registrationId).update({ to_email: erased, payload: '{}' });
  await trx('outbox').where({ registration_id: registrationId, status: 'pending' }).update({ status: 'skipped' });
}

/** When each registration of an event was made (a coordinator's regions only, when given). */
export async function registrationTimes(db: Conn, eventId: number, regionIds?: readonly string[]): Promise<string[]> {
  const q = db('registrations').where('event_id', eventId);
  if (regionIds) void q.whereIn('region_id', regionIds);
  const rows = (await q.select('created_at')) as { created_at: string }[];
  return rows.map((r) => r.created_at);
}

export interface Contact {
  id: number;
  name: string;
  /** Null for a person registered by hand without an e-mail. */
  email: string | null;
  institution: string;
}

/** Name, e-mail and institution of registrations, in the order of `ids` (unknown ids left out). */
export async function contactsOf(db: Conn, ids: readonly number[]): Promise<Contact[]> {
  if (ids.length === 0) return [];
  const rows = (await db('registrations').whereIn('id', ids).select('id', 'name', 'email', 'institution')) as Row[];
  const byId = new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        name: String(r.name),
        email: r.email === null ? null : String(r.email),
        institution: String(r.institution),
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
