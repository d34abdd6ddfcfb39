import type { ServiceContext } from '../../context.js';
import { audit } from '../../db/audit.js';
import { certificateSettingsOf } from '../../db/certificates.js';
import { loadProgramme } from '../../db/programme.js';
import { attendedEnough, minutesIn, sessionMinutes, type Interval } from '../../domain/attendance.js';
import { AppError, invalid } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { normalizeEmail } from '../../domain/types.js';
import { sessionInScope } from '../organizers/index.js';
import { refuseBeforeWindow } from './attendance.js';
import { namesOf, peopleOf, readMeetingReport } from './meetingReport.js';

/** What a meeting report did: who attended, who was there too briefly, and who matched nobody. */
export interface ReportAnswer {
  attended: string[];
  below: { email: string; minutes: number }[];
  unmatched: { name: string; email: string | null; minutes: number }[];
}

/** A report row that matched no confirmed seat, waiting for an organizer. */
export interface UnmatchedRow {
  id: number;
  name: string;
  email: string | null;
  minutes: number;
  suggestedSeatId: number | null;
}

interface SessionFacts {
  window: Interval;
  zone: string;
  percent: number;
}

async function sessionFacts(ctx: ServiceContext, eventId: number, sessionId: number): Promise<SessionFacts> {
  const programme = await loadProgramme(ctx.db, { id: eventId });
  const session = programme?.sessions.find((s) => s.id === sessionId);
  if (!programme || !session) throw new AppError('not_found');
  const settings = await certificateSettingsOf(ctx.db.knex, programme.event.id, programme.event.slug);
  return {
    window: { from: Date.parse(session.startsAt), to: Date.parse(session.endsAt) },
    zone: programme.event.timezone,
    percent: settings.attendanceThresholdPercent,
  };
}

/**
 * Takes attendance from the meeting's own report (Zoom's participants CSV or Teams'
 * attendance report). Per person, matched to a confirmed seat by e-mail in any case: the
 * minutes are the union of their connections inside the session's window, kept with the
 * seat; the seat is attended (source `report`) when they reach the event's threshold, and
 * not attended when they do not (the report decides for everyone it names). Rows that
 * match no confirmed seat replace the session's earlier unmatched rows, each with the seat
 * of the same name as a suggestion.
 */
export async function applyAttendanceReport(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  file: Uint8Array,
  eventId?: number,
): Promise<ReportAnswer> {
  const session = await sessionInScope(ctx, organizer, sessionId);
  if (eventId !== undefined && Number(session.event_id) !== eventId) throw new AppError('not_found');
  const clock = ctx.clock();
  await refuseBeforeWindow(ctx, sessionId, clock);
  if (file.length === 0) throw invalid({ file: 'report_empty' });
  const facts = await sessionFacts(ctx, Number(session.event_id), sessionId);
  const report = readMeetingReport(file, facts.zone);
  const length = sessionMinutes(facts.window);
  const now = clock.toISOString();

  const seats = (await ctx.db
    .knex('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('seats.session_id', sessionId)
    .andWhere('seats.status', 'confirmed')
    .select('seats.id', 'registrations.email', 'registrations.email_normalized', 'registrations.name')) as {
    id: number;
    email: string;
    email_normalized: string;
    name: string;
  }[];
  const byEmail = new Map(seats.map((s) => [s.email_normalized, s]));
  const byName = new Map<string, number>();
  for (const s of seats) {
    const name = s.name.replace(/\s+/g, ' ').trim();
    // A name two people share suggests neither.
    byName.set(name, byName.has(name) ? -1 : Number(s.id));
  }

  const answer: ReportAnswer = { attended: [], below: [], unmatched: [] };
  const marks: { seatId: number; minutes: number; attended: boolean }[] = [];
  const waiting: Omit<UnmatchedRow, 'id'>[] = [];
  for (const person of peopleOf(report.rows)) {
    const minutes = minutesIn(person.intervals, facts.window, person.capMinutes);
    const seat = person.email ? byEmail.get(normalizeEmail(person.email)) : undefined;
    if (!seat) {
      const suggested = namesOf(person.name)
        .map((n) => byName.get(n))
        .find((id) => id !== undefined && id > 0);
      waiting.push({ name: person.name, email: person.email, minutes, suggestedSeatId: suggested ?? null });
      answer.unmatched.push({ name: person.name, email: person.email, minutes });
      continue;
    }
    const attended = attendedEnough(minutes, length, facts.percent);
    marks.push({ seatId: Number(seat.id), minutes, attended });
    if (attended) answer.attended.push(seat.email);
    else answer.below.push({ email: seat.email, minutes });
  }

  await ctx.db.knex.transaction(async (trx) => {
    for (const mark of marks) {
      if (mark.attended) {
        await trx('seats')
          .where('id', mark.seatId)
          .update({
            attended_minutes: mark.minutes,
            attended_source: 'report',
            attended_at: trx.raw('COALESCE(attended_at, ?)', [now]),
          });
      } else {
        await trx('seats')
          .where('id', mark.seatId)
          .update({ attended_minutes: mark.minutes, attended_at: null, attended_source: null });
      }
    }
    await trx('attendance_unmatched').where('session_id', sessionId).delete();
    for (let i = 0; i < waiting.length; i += 100) {
      await trx('attendance_unmatched').insert(
        waiting.slice(i, i + 100).map((w) => ({
          session_id: sessionId,
          name: w.name.slice(0, 300),
          email: w.email?.slice(0, 320) ?? null,
          minutes: w.minutes,
          suggested_seat_id: w.suggestedSeatId,
          created_at: now,
        })),
      );
    }
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'attendance.report',
        targetType: 'session',
        targetId: sessionId,
        after: {
          kind: report.kind,
          attended: answer.attended.length,
          below: answer.below.length,
          unmatched: answer.unmatched.length,
        },
      },
      new Date(now),
    );
  });
  answer.attended.sort();
  return answer;
}

/** The session's report rows waiting for a manual match. */
export async function unmatchedRows(ctx: ServiceContext, sessionId: number): Promise<UnmatchedRow[]> {
  const rows = (await ctx.db
    .knex('attendance_unmatched')
    .where('session_id', sessionId)
    .orderBy('name')
    .orderBy('id')
    .select('id', 'name', 'email', 'minutes', 'suggested_seat_id')) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    email: r.email === null || r.email === undefined ? null : String(r.email),
    minutes: Number(r.minutes),
    suggestedSeatId:
      r.suggested_seat_id === null || r.suggested_seat_id === undefined ? null : Number(r.suggested_seat_id),
  }));
}

/**
 * Matches a waiting report row to a confirmed seat of the session by hand: the seat keeps
 * the larger of its minutes and the row's (two connections of one person under two names
 * may overlap, so they are never added), and is attended when that reaches the threshold.
 */
export async function matchUnmatched(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  rowId: number,
  seatId: number,
): Promise<{ attended: boolean; minutes: number }> {
  const session = await sessionInScope(ctx, organizer, sessionId);
  const row = (await ctx.db.knex('attendance_unmatched').where({ id: rowId, session_id: sessionId }).first()) as
    { minutes: number; name: string } | undefined;
  if (!row) throw new AppError('not_found');
  const seat = (await ctx.db
    .knex('seats')
    .where({ id: seatId, session_id: sessionId, status: 'confirmed' })
    .first('id', 'attended_minutes')) as { id: number; attended_minutes: number | null } | undefined;
  if (!seat) throw invalid({ seatId: 'choose_person' });
  const facts = await sessionFacts(ctx, Number(session.event_id), sessionId);
  const minutes = Math.max(Number(seat.attended_minutes ?? 0), Number(row.minutes));
  const attended = attendedEnough(minutes, sessionMinutes(facts.window), facts.percent);
  const now = ctx.clock().toISOString();
  await ctx.db.knex.transaction(async (trx) => {
    if (attended) {
      await trx('seats')
        .where('id', seatId)
        .update({
          attended_minutes: minutes,
          attended_source: 'report',
          attended_at: trx.raw('COALESCE(attended_at, ?)', [now]),
        });
    } else {
      await trx('seats').where('id', seatId).update({ attended_minutes: minutes });
    }
    await trx('attendance_unmatched').where('id', rowId).delete();
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'attendance.match',
        targetType: 'session',
        targetId: sessionId,
        after: { seat: seatId, name: row.name, minutes, attended },
      },
      new Date(now),
    );
  });
  return { attended, minutes };
}

/** A waiting report row of a session the organizer may act in, or not found. */
export async function unmatchedRow(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  rowId: number,
): Promise<UnmatchedRow> {
  await sessionInScope(ctx, organizer, sessionId);
  const row = (await unmatchedRows(ctx, sessionId)).find((r) => r.id === rowId);
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * A waiting report row that is nobody's (a guest, the host) removed by hand: no seat
 * changes. Audited with what the row said, so the removal can be told apart from a match.
 */
export async function dismissUnmatched(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  rowId: number,
): Promise<void> {
  const row = await unmatchedRow(ctx, organizer, sessionId, rowId);
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const removed = await trx('attendance_unmatched').where({ id: rowId, session_id: sessionId }).delete();
    if (removed === 0) throw new AppError('not_found');
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'attendance.dismiss',
        targetType: 'session',
        targetId: sessionId,
        after: { name: row.name, email: row.email, minutes: row.minutes },
      },
      now,
    );
  });
}

/**
 * The organizer confirms the joined list: every confirmed seat whose personal link was
 * followed and that is not attended yet becomes attended (source `confirm`). Counts them.
 */
export async function confirmJoined(ctx: ServiceContext, organizer: Organizer, sessionId: number): Promise<number> {
  await sessionInScope(ctx, organizer, sessionId);
  const clock = ctx.clock();
  await refuseBeforeWindow(ctx, sessionId, clock);
  const now = clock.toISOString();
  return ctx.db.knex.transaction(async (trx) => {
    const confirmed = await trx('seats')
      .where('session_id', sessionId)
      .andWhere('status', 'confirmed')
      .whereNotNull('first_joined_at')
      .whereNull('attended_at')
      .update({ attended_at: now, attended_source: 'confirm' });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'attendance.confirm',
        targetType: 'session',
        targetId: sessionId,
        after: { confirmed },
      },
      new Date(now),
    );
    return confirmed;
  });
}
