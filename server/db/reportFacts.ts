import type { Knex } from 'knex';
import type { RegistrationFact } from '../domain/report.js';
import type { Participation } from '../domain/programmeReport.js';

/** The active registrations of an event (a coordinator's regions only) with what their seats hold. */
export async function registrationFacts(
  db: Knex,
  eventId: number,
  scope?: readonly string[],
): Promise<RegistrationFact[]> {
  const q = db('registrations')
    .where('registrations.event_id', eventId)
    .andWhere('registrations.status', 'active')
    .select('id', 'email_normalized', 'region_id', 'municipality_id', 'institution', 'role')
    .orderBy('id');
  if (scope) void q.whereIn('registrations.region_id', scope);
  const registrations = (await q) as {
    id: number;
    email_normalized: string | null;
    region_id: string;
    municipality_id: string;
    institution: string;
    role: string;
  }[];
  const seatsQ = db('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .where('registrations.event_id', eventId)
    .andWhere('registrations.status', 'active')
    .whereNot('seats.status', 'cancelled')
    .select('seats.registration_id', 'seats.status', 'seats.attended_at', 'sessions.kind', 'sessions.pd_hours_tenths');
  if (scope) void seatsQ.whereIn('registrations.region_id', scope);
  const seats = (await seatsQ) as {
    registration_id: number;
    status: string;
    attended_at: string | null;
    kind: string;
    pd_hours_tenths: number | null;
  }[];
  const certificatesQ = db('certificates')
    .join('registrations', 'registrations.id', 'certificates.registration_id')
    .where('registrations.event_id', eventId)
    .andWhere('registrations.status', 'active')
    .andWhere('certificates.status', 'valid')
    .groupBy('certificates.registration_id')
    .select('certificates.registration_id')
    .count({ n: '*' });
  if (scope) void certificatesQ.whereIn('registrations.region_id', scope);
  const certificates = (await certificatesQ) as { registration_id: number; n: number | string }[];
  const facts = new Map<number, RegistrationFact & { confirmedKinds: Set<string> }>();
  for (const r of registrations) {
    facts.set(Number(r.id), {
      id: Number(r.id),
      // A person is their address; one registered without any counts as a person of their own.
      person: r.email_normalized ?? `registration:${r.id}`,
      region: r.region_id,
      municipality: r.municipality_id,
      institution: r.institution,
      role: r.role,
      confirmedKinds: new Set(),
      waitlisted: false,
      attended: false,
      attendedHoursTenths: 0,
      certificates: 0,
    });
  }
  for (const s of seats) {
    const f = facts.get(Number(s.registration_id));
    if (!f) continue;
    if (s.status === 'confirmed') f.confirmedKinds.add(s.kind);
    if (s.status === 'waitlisted') f.waitlisted = true;
    if (s.attended_at !== null) {
      f.attended = true;
      f.attendedHoursTenths += Number(s.pd_hours_tenths ?? 0);
    }
  }
  for (const c of certificates) {
    const f = facts.get(Number(c.registration_id));
    if (f) f.certificates = Number(c.n);
  }
  return [...facts.values()];
}

/**
 * Every confirmed place of an active registration across all events (a coordinator's
 * regions only): the programme report's facts. Which sessions count (not cancelled, in the
 * period) the caller decides from the programme.
 */
export async function programmeParticipations(db: Knex, scope?: readonly string[]): Promise<Participation[]> {
  const q = db('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('registrations.status', 'active')
    .andWhere('seats.status', 'confirmed')
    .select(
      'registrations.id',
      'registrations.event_id',
      'seats.session_id',
      'registrations.email_normalized',
      'registrations.region_id',
      'registrations.municipality_id',
      'registrations.role',
    )
    .orderBy('seats.id');
  if (scope) void q.whereIn('registrations.region_id', scope);
  const rows = (await q) as {
    id: number;
    event_id: number;
    session_id: number;
    email_normalized: string | null;
    region_id: string;
    municipality_id: string;
    role: string;
  }[];
  return rows.map((r) => ({
    registrationId: Number(r.id),
    eventId: Number(r.event_id),
    sessionId: Number(r.session_id),
    email: r.email_normalized,
    region: r.region_id,
    municipality: r.municipality_id,
    role: r.role,
  }));
}

/** Per session of an event: its places confirmed, on a waitlist and attended (a coordinator's regions only). */
export async function sessionSeatCounts(
  db: Knex,
  eventId: number,
  scope?: readonly string[],
): Promise<Map<number, SessionSeatCounts>> {
  const q = db('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('registrations.event_id', eventId)
    .andWhere('registrations.status', 'active')
    .whereIn('seats.status', ['confirmed', 'waitlisted'])
    .select('seats.session_id', 'seats.status', 'seats.attended_at', 'seats.first_joined_at', 'seats.attended_minutes');
  if (scope) void q.whereIn('registrations.region_id', scope);
  const rows = (await q) as {
    session_id: number;
    status: string;
    attended_at: string | null;
    first_joined_at: string | null;
    attended_minutes: number | null;
  }[];
  const counts = new Map<number, SessionSeatCounts>();
  for (const r of rows) {
    const id = Number(r.session_id);
    const c = counts.get(id) ?? emptySessionCounts();
    if (r.status === 'confirmed') c.confirmed += 1;
    else c.waitlisted += 1;
    if (r.attended_at !== null) c.attended += 1;
    else if (r.first_joined_at !== null) c.joinedOnly += 1;
    if (r.attended_minutes !== null && r.attended_minutes !== undefined) {
      c.minutes = (c.minutes ?? 0) + Number(r.attended_minutes);
    }
    counts.set(id, c);
  }
  return counts;
}

/**
 * A session's places in the report: confirmed, waitlisted, marked present, joined by the
 * personal link but not (yet) marked present, and the minutes a meeting report gave those
 * it read (null: no report read for the session).
 */
export interface SessionSeatCounts {
  confirmed: number;
  waitlisted: number;
  attended: number;
  joinedOnly: number;
  minutes: number | null;
}

export const emptySessionCounts = (): SessionSeatCounts => ({
  confirmed: 0,
  waitlisted: 0,
  attended: 0,
  joinedOnly: 0,
  minutes: null,
});
