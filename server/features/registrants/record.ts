import { messagesOfRegistration } from '../../db/messages.js';
import { answersOf } from '../../db/questions.js';
import { loadProgramme } from '../../db/programme.js';
import { contactsOf, seatsOf, waitlistOf } from '../../db/registrations.js';
import { rivalsOf, withPositions } from '../../db/waitlistPositions.js';
import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { answerText, askedQuestions } from '../../domain/questions.js';
import { coverageOf, takenWhole, type Programme, type Registration, type Seat } from '../../domain/types.js';
import type { Lang } from '../../domain/time.js';
import { recordAccess } from '../privacy/index.js';
import { auditTrailOf } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { registrationInScope, sessionInScope } from '../organizers/index.js';

/**
 * One person's record as an organizer opens it: the registration, its seats with their
 * waitlist positions, their answers to the event's questions, what was done to them and
 * what they were sent. Opening it is audited.
 */
export async function registrantRecord(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationId: number,
  lang: Lang = 'lv',
) {
  const { registration, programme } = await registrationInScope(ctx, organizer, registrationId);
  const coverage = coverageOf(programme.quotas);
  const seats = await withPositions(
    ctx.db.knex,
    await seatsOf(ctx.db.knex, registration.id),
    coverage,
    takenWhole(programme.event),
  );
  const history = await auditTrailOf(
    ctx.db.knex,
    registration.id,
    seats.map((s) => s.id),
  );
  const messages = await messagesOfRegistration(ctx.db.knex, registration.id);
  await recordAccess(
    ctx.db.knex,
    { actor: organizer.email, action: 'registration.view', targetType: 'registration', targetId: registration.id },
    ctx.clock(),
  );
  const consent = (await ctx.db.knex('registrations').where('id', registration.id).first('consent_source')) as
    { consent_source: string | null } | undefined;
  const answers = answerLines(programme, await answersOf(ctx.db.knex, registration.id), lang);
  return {
    registration,
    programme,
    seats,
    history,
    messages,
    answers,
    consentSource: consent?.consent_source ?? null,
    needsCall: callDue(registration, seats),
  };
}

/**
 * Whether an organizer must phone the person: they have no e-mail and a place came to
 * them from the queue after they registered (no message could tell them).
 */
export function callDue(registration: Registration, seats: readonly Seat[]): boolean {
  return (
    registration.email === null &&
    registration.status === 'active' &&
    seats.some((s) => s.status === 'confirmed' && s.confirmedAt !== null && s.confirmedAt > registration.createdAt)
  );
}

/**
 * A registration's answers as the organizer reads them: every asked question in order
 * (unanswered ones too), then the archived questions the person had answered, marked.
 */
function answerLines(programme: Programme, answers: Awaited<ReturnType<typeof answersOf>>, lang: Lang) {
  const archived = programme.questions.filter((q) => q.status === 'archived' && answers.has(q.id));
  return [...askedQuestions(programme.questions), ...archived].map((q) => ({
    label: q.label[lang] || q.label.lv,
    archived: q.status === 'archived',
    answer: answerText(q, answers.get(q.id), lang),
  }));
}

/** Who waits for a session, in FIFO order with their exact positions. */
export async function sessionWaitlist(ctx: ServiceContext, organizer: Organizer, sessionId: number) {
  const session = await sessionInScope(ctx, organizer, sessionId);
  const programme = await loadProgramme(ctx.db, { id: Number(session.event_id) });
  if (!programme) throw new AppError('not_found');
  const coverage = coverageOf(programme.quotas);
  const whole = takenWhole(programme.event);
  // This session's people 1..n in FIFO order; their place in a queue shared by a pool beside it.
  const views = (await withPositions(ctx.db.knex, await waitlistOf(ctx.db.knex, [sessionId]), coverage, whole)).map(
    (v, i) => ({ ...v, own: i + 1 }),
  );
  const rivals = rivalsOf(coverage, sessionId, whole).filter((id) => id !== sessionId);
  const shared =
    rivals.length === 0
      ? null
      : {
          quotas: programme.quotas.filter(
            (q) => q.sessionIds.includes(sessionId) && q.sessionIds.some((id) => rivals.includes(id)),
          ),
          sessions: programme.sessions.filter((s) => rivals.includes(s.id)),
        };
  // Places kept for someone until a deadline: held for an address, or offered from this queue.
  const holds = (
    (await ctx.db
      .knex('seats')
      .where('session_id', sessionId)
      .whereIn('status', ['held', 'offered'])
      .orderBy('expires_at')
      .select('id', 'registration_id', 'status', 'expires_at')) as Record<string, unknown>[]
  ).map((r) => ({
    id: Number(r.id),
    registrationId: Number(r.registration_id),
    status: String(r.status),
    expiresAt: String(r.expires_at),
  }));
  const contacts = await contactsOf(ctx.db.knex, [
    ...views.map((v) => v.registrationId),
    ...holds.map((h) => h.registrationId),
  ]);
  return { programme, views, shared, holds, people: new Map(contacts.map((c) => [c.id, c])) };
}
