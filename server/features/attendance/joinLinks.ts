import { certificateSettingsOf } from '../../db/certificates.js';
import { findJoinTarget, joinCodesOf, recordJoin } from '../../db/joinCodes.js';
import { secondJoinAttends } from '../../domain/attendance.js';
import { loadProgramme } from '../../db/programme.js';
import { hasJoinLink, joinDecision, type JoinDecision } from '../../domain/joinLink.js';
import type { Programme, Seat, Session } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';

export type JoinOutcome =
  | { kind: 'redirect'; url: string }
  | {
      kind: 'page';
      decision: Exclude<JoinDecision, { kind: 'go' }> | { kind: 'unknown' };
      session: Session | null;
      programme: Programme | null;
    };

/**
 * Follows a personal join link: inside the session's window it records the join (first
 * and last time; a join, not attendance) and leads to the workshop's private meeting or
 * the region's open stream page; otherwise it says why not. The meeting URL leaves the
 * server only in the redirect of a `go`.
 */
export async function followJoinLink(ctx: ServiceContext, code: string): Promise<JoinOutcome> {
  const target = await findJoinTarget(ctx.db.knex, code);
  const programme = target ? await loadProgramme(ctx.db, { id: target.eventId }) : null;
  const session = programme?.sessions.find((s) => s.id === target?.sessionId) ?? null;
  if (!target || !programme || !session) {
    return { kind: 'page', decision: { kind: 'unknown' }, session: null, programme: null };
  }
  const now = ctx.clock();
  const decision = joinDecision(
    { status: target.seatStatus, registrationStatus: target.registrationStatus },
    session,
    programme.event,
    now,
  );
  if (decision.kind !== 'go') return { kind: 'page', decision, session, programme };
  // The open stream has no meeting report: where the event says so, a second join in its
  // last quarter, after one before it, is attendance.
  const attends =
    decision.to === 'stream' &&
    (await certificateSettingsOf(ctx.db.knex, programme.event.id, programme.event.slug)).plenaryAttendance ===
      'second-join' &&
    secondJoinAttends(target.firstJoinedAt, now.toISOString(), {
      from: Date.parse(session.startsAt),
      to: Date.parse(session.endsAt),
    });
  await recordJoin(ctx.db.knex, target.seatId, now.toISOString(), attends);
  const url =
    decision.to === 'stream'
      ? `/events/${programme.event.slug}/live/${session.regionId ?? ''}`
      : (session.joinUrl ?? '/');
  return { kind: 'redirect', url };
}

/** The personal join path of each confirmed seat whose session has somewhere to join. */
export async function joinPathsOf(
  ctx: ServiceContext,
  programme: Programme,
  seats: readonly Pick<Seat, 'id' | 'sessionId' | 'status'>[],
): Promise<Map<number, string>> {
  const joinable = seats.filter((seat) => {
    const session = programme.sessions.find((s) => s.id === seat.sessionId);
    return (
      seat.status === 'confirmed' && session !== undefined && session.status === 'scheduled' && hasJoinLink(session)
    );
  });
  const codes = await joinCodesOf(
    ctx.db.knex,
    ctx.tokens,
    joinable.map((s) => s.id),
  );
  return new Map([...codes].map(([seatId, code]) => [seatId, `/j/${code}`]));
}
