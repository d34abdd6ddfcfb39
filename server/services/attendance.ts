import type { ServiceContext } from './context.js';
import { audit } from './audit.js';
import { sessionInScope } from './organizerScope.js';
import type { Organizer } from '../domain/organizers.js';

export interface AttendeeRow {
  seatId: number;
  name: string;
  email: string;
  institution: string;
  attended: boolean;
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
      'registrations.name',
      'registrations.email',
      'registrations.institution',
    )) as {
    id: number;
    attended_at: string | null;
    name: string;
    email: string;
    institution: string;
  }[];
  return {
    session,
    rows: rows.map<AttendeeRow>((r) => ({
      seatId: Number(r.id),
      name: r.name,
      email: r.email,
      institution: r.institution,
      attended: r.attended_at !== null,
    })),
  };
}

/** Sets who was present (by hand): the given seats attended, the others not. */
export async function markAttendance(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  presentSeatIds: number[],
): Promise<number> {
  await sessionInScope(ctx, organizer, sessionId);
  const now = ctx.clock().toISOString();
  return ctx.db.knex.transaction(async (trx) => {
    const seats = trx('seats').where('session_id', sessionId).andWhere('status', 'confirmed');
    await seats
      .clone()
      .whereNotIn('id', presentSeatIds.length ? presentSeatIds : [-1])
      .update({ attended_at: null });
    const marked = await seats
      .clone()
      .whereIn('id', presentSeatIds.length ? presentSeatIds : [-1])
      .whereNull('attended_at')
      .update({ attended_at: now });
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

/** Marks as present everyone whose e-mail appears in an imported list (CSV or one per line). */
export async function importAttendance(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  csv: string,
): Promise<{ matched: number; unknown: string[] }> {
  await sessionInScope(ctx, organizer, sessionId);
  const emails = [...new Set((csv.match(/[^\s,;"'<>]+@[^\s,;"'<>]+/g) ?? []).map((e) => e.toLowerCase()))];
  const now = ctx.clock().toISOString();
  return ctx.db.knex.transaction(async (trx) => {
    const seats = (await trx('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('seats.session_id', sessionId)
      .andWhere('seats.status', 'confirmed')
      .whereIn('registrations.email_normalized', emails.length ? emails : [''])
      .select('seats.id', 'registrations.email_normalized')) as { id: number; email_normalized: string }[];
    if (seats.length > 0) {
      await trx('seats')
        .whereIn(
          'id',
          seats.map((s) => s.id),
        )
        .whereNull('attended_at')
        .update({ attended_at: now });
    }
    const found = new Set(seats.map((s) => s.email_normalized));
    const unknown = emails.filter((e) => !found.has(e));
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'attendance.import',
        targetType: 'session',
        targetId: sessionId,
        after: { matched: seats.length, unknown: unknown.length },
      },
      new Date(now),
    );
    return { matched: seats.length, unknown };
  });
}
