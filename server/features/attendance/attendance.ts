import type { ServiceContext } from '../../context.js';
import { audit } from '../../db/audit.js';
import { sessionInScope } from '../organizers/index.js';
import { AppError, refused } from '../../domain/errors.js';
import { joinLinkFrom } from '../../domain/stream.js';
import { toIso } from '../../domain/time.js';
import type { Organizer } from '../../domain/organizers.js';
import { normalizeEmail } from '../../domain/types.js';

/**
 * Where an attendance mark came from: the personal join link followed a second time in the
 * plenary's last quarter (`link`), an organizer (by hand, a CSV, the API), the meeting's
 * own report (`report`), or an organizer's confirmation of the joined list (`confirm`).
 */
export type AttendanceSource = 'link' | 'hand' | 'csv' | 'api' | 'report' | 'confirm';
export const ATTENDANCE_SOURCES: readonly AttendanceSource[] = ['link', 'hand', 'csv', 'api', 'report', 'confirm'];

export interface AttendeeRow {
  seatId: number;
  name: string;
  /** Null for a person registered by hand without an e-mail. */
  email: string | null;
  institution: string;
  attended: boolean;
  attendedAt: string | null;
  source: AttendanceSource | null;
  firstJoinedAt: string | null;
  lastJoinedAt: string | null;
  /** Followed the personal link (joined), whether or not that counts as attended yet. */
  joined: boolean;
  /** Minutes in the session by the meeting's report; null where no report named them. */
  minutes: number | null;
}

const opt = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const sourceOf = (v: unknown): AttendanceSource | null =>
  ATTENDANCE_SOURCES.find((s) => s === v) ?? (v === null || v === undefined ? null : 'hand');

/**
 * Attendance records only what happened: nobody is marked present before the session's
 * join window opens (the personal join link's, `joinLinkFrom`). Refused with the moment
 * it opens; nothing changes. After the end it may still be marked (a list sent later).
 */
export async function refuseBeforeWindow(ctx: ServiceContext, sessionId: number, now: Date): Promise<void> {
  const row = (await ctx.db
    .knex('sessions')
    .join('events', 'events.id', 'sessions.event_id')
    .where('sessions.id', sessionId)
    .first('sessions.starts_at', 'events.join_link_minutes')) as
    { starts_at: string | Date; join_link_minutes: number | null } | undefined;
  if (!row) throw new AppError('not_found');
  const from = joinLinkFrom(
    { startsAt: toIso(row.starts_at) },
    { joinLinkMinutes: Number(row.join_link_minutes ?? 30) },
  );
  if (now.getTime() < Date.parse(from)) throw refused('attendance_too_early', { from });
}

/** Confirmed seats of a session, the ones attendance is taken for. */
export async function attendees(ctx: ServiceContext, organizer: Organizer, sessionId: number) {
  const session = await sessionInScope(ctx, organizer, sessionId);
  const rows = (await ctx.db
    .knex('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('seats.session_id', sessionId)
    .andWhere('seats.status', 'confirmed')
    .orderBy('registrations.name')
    .select(
      'seats.id',
      'seats.attended_at',
      'seats.attended_source',
      'seats.first_joined_at',
      'seats.last_joined_at',
      'seats.attended_minutes',
      'registrations.name',
      'registrations.email',
      'registrations.institution',
    )) as Record<string, unknown>[];
  return {
    session,
    rows: rows
      .map<AttendeeRow>((r) => ({
        seatId: Number(r.id),
        name: String(r.name),
        email: r.email === null ? null : String(r.email),
        institution: String(r.institution),
        attended: r.attended_at !== null && r.attended_at !== undefined,
        attendedAt: opt(r.attended_at),
        source: r.attended_at === null || r.attended_at === undefined ? null : sourceOf(r.attended_source),
        firstJoinedAt: opt(r.first_joined_at),
        lastJoinedAt: opt(r.last_joined_at),
        joined: r.first_joined_at !== null && r.first_joined_at !== undefined,
        minutes: r.attended_minutes === null || r.attended_minutes === undefined ? null : Number(r.attended_minutes),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'lv')),
  };
}

/**
 * Sets who was present (by hand): the given seats attended, the others not. A mark that
 * stays keeps its source (a join through the personal link stays `link`).
 */
export async function markAttendance(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  presentSeatIds: number[],
): Promise<number> {
  await sessionInScope(ctx, organizer, sessionId);
  const clock = ctx.clock();
  await refuseBeforeWindow(ctx, sessionId, clock);
  const now = clock.toISOString();
  return ctx.db.knex.transaction(async (trx) => {
    const seats = trx('seats').where('session_id', sessionId).andWhere('status', 'confirmed');
    await seats
      .clone()
      .whereNotIn('id', presentSeatIds.length ? presentSeatIds : [-1])
      .update({ attended_at: null, attended_source: null });
    const marked = await seats
      .clone()
      .whereIn('id', presentSeatIds.length ? presentSeatIds : [-1])
      .whereNull('attended_at')
      .update({ attended_at: now, attended_source: 'hand' });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'attendance.mark',
        targetType: 'session',
        targetId: sessionId,
        after: { present: presentSeatIds },
      },
      new Date(now),
    );
    return marked;
  });
}

/** E-mail addresses found in pasted text: a CSV export of a video call, or one per line. */
export const emailsIn = (text: string): string[] => text.match(/[^\s,;"'<>]+@[^\s,;"'<>]+/g) ?? [];

/**
 * Marks as present everyone in the list who holds a confirmed seat of the session; a seat
 * marked already keeps its time and source. `matched` counts the confirmed seats the list
 * named (attended after the call), `unknown` the addresses that name none.
 */
export async function markAttendedByEmail(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  list: readonly string[],
  source: Exclude<AttendanceSource, 'link' | 'hand'>,
  eventId?: number,
): Promise<{ matched: number; unknown: string[] }> {
  const session = await sessionInScope(ctx, organizer, sessionId);
  if (eventId !== undefined && Number(session.event_id) !== eventId) throw new AppError('not_found');
  const clock = ctx.clock();
  await refuseBeforeWindow(ctx, sessionId, clock);
  const emails = [...new Set(list.map(normalizeEmail).filter((e) => e !== ''))];
  const now = clock.toISOString();
  return ctx.db.knex.transaction(async (trx) => {
    const found = new Set<string>();
    const seatIds: number[] = [];
    // In slices, so that a long list stays under every database's parameter limit.
    for (let i = 0; i < emails.length; i += 500) {
      const seats = (await trx('seats')
        .join('registrations', 'registrations.id', 'seats.registration_id')
        .where('seats.session_id', sessionId)
        .andWhere('seats.status', 'confirmed')
        .whereIn('registrations.email_normalized', emails.slice(i, i + 500))
        .select('seats.id', 'registrations.email_normalized')) as { id: number; email_normalized: string }[];
      for (const s of seats) {
        seatIds.push(Number(s.id));
        found.add(s.email_normalized);
      }
    }
    for (let i = 0; i < seatIds.length; i += 500) {
      await trx('seats')
        .whereIn('id', seatIds.slice(i, i + 500))
        .whereNull('attended_at')
        .update({ attended_at: now, attended_source: source });
    }
    const unknown = emails.filter((e) => !found.has(e));
    await audit(
      trx,
      {
        actor: organizer.email,
        action: source === 'csv' ? 'attendance.import' : 'attendance.api',
        targetType: 'session',
        targetId: sessionId,
        after: { matched: seatIds.length, unknown: unknown.length },
      },
      new Date(now),
    );
    return { matched: seatIds.length, unknown };
  });
}

/** Marks as present everyone whose e-mail appears in an imported list (CSV or one per line). */
export function importAttendance(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  csv: string,
): Promise<{ matched: number; unknown: string[] }> {
  return markAttendedByEmail(ctx, organizer, sessionId, emailsIn(csv), 'csv');
}
