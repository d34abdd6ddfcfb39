import { isUniqueViolation } from '../db/knex.js';
import { listMunicipalities, loadProgramme } from '../db/programme.js';
import {
  findActiveByEmail,
  findRegistrationByTokenHash,
  insertRegistration,
  insertSeat,
  seatsOf,
} from '../db/registrations.js';
import { Availability } from '../domain/availability.js';
import { AppError, invalid, type FieldErrors } from '../domain/errors.js';
import { quotasCovering } from '../domain/quotas.js';
import type { Lang } from '../domain/time.js';
import {
  coverageOf,
  normalizeEmail,
  registrationOpen,
  takenWhole,
  type Programme,
  type Registration,
  type Role,
  type Seat,
  type SeatView,
  type Session,
} from '../domain/types.js';
import { enqueue } from '../mail/outbox.js';
import type { ServiceContext } from './context.js';
import { loadQuotaStates, saveUsage, type Promotion } from './promotion.js';
import { positionOfNewest, withPositions } from '../db/waitlistPositions.js';
import { resendManageLink } from './manageLink.js';
import { moveSeat } from './seatMove.js';
import { releaseSeats } from './seatRelease.js';
import { TokenVault } from '../security/tokens.js';
import { audit } from './audit.js';
import { answersOf, saveAnswers } from '../db/questions.js';
import { askedQuestions, checkAnswers, type Answers } from '../domain/questions.js';

export interface RegistrationInput {
  name: string;
  email: string;
  institution: string;
  municipality: string;
  role: Role;
  regionId: string;
  /** Workshops or seminars chosen; the region's plenary sessions are added. */
  sessionIds: number[];
  language: Lang;
  /** Answers to the event's own questions, by question id, as the form or the API sent them. */
  answers?: Readonly<Record<string, unknown>>;
  consent: true;
}

export interface RegistrationView {
  registration: Registration;
  seats: SeatView[];
  programme: Programme;
  /** The person's answers to the event's questions (archived questions' too). */
  answers: Answers;
}

const overlaps = (a: Session, b: Session): boolean => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** Sessions a person may choose in a region: workshops/seminars there or region-less. */
export function choosableSessions(programme: Programme, regionId: string): Session[] {
  return programme.sessions.filter(
    (s) => s.kind !== 'plenary' && s.status === 'scheduled' && (s.regionId === null || s.regionId === regionId),
  );
}

export function plenariesOf(programme: Programme, regionId: string): Session[] {
  return programme.sessions.filter((s) => s.kind === 'plenary' && s.status === 'scheduled' && s.regionId === regionId);
}

/** Checks the input against the programme: everything a schema cannot know. */
async function checkAgainstProgramme(
  ctx: ServiceContext,
  programme: Programme,
  input: RegistrationInput,
): Promise<{ chosen: Session[]; answers: Answers }> {
  const checked = checkAnswers(programme.questions, input.answers ?? {});
  const fields: FieldErrors = { ...checked.fields };
  if (!programme.regions.some((r) => r.id === input.regionId)) fields.regionId = 'unknown_region';
  const municipalities = await listMunicipalities(ctx.db);
  if (!municipalities.some((m) => m.id === input.municipality)) fields.municipality = 'unknown_municipality';

  const choosable = new Map(choosableSessions(programme, input.regionId).map((s) => [s.id, s]));
  const chosen: Session[] = [];
  if (takenWhole(programme.event) && input.sessionIds.some((id) => !choosable.has(id))) {
    fields.sessionIds = 'unknown_session';
  }
  // A course is taken whole: every one of its sessions, whichever were named.
  const wanted = takenWhole(programme.event) ? [...choosable.keys()] : input.sessionIds;
  for (const id of fields.sessionIds ? [] : new Set(wanted)) {
    const session = choosable.get(id);
    if (!session) {
      fields.sessionIds = 'unknown_session';
      break;
    }
    // One registration window covers a whole seminar series or conference week, so a
    // seminar or workshop that has already begun must be refused on its own.
    if (session.startsAt <= ctx.clock().toISOString()) {
      fields.sessionIds = 'session_started';
      break;
    }
    chosen.push(session);
  }
  if (!fields.sessionIds && chosen.some((a, i) => chosen.slice(i + 1).some((b) => overlaps(a, b)))) {
    fields.sessionIds = 'sessions_overlap';
  }
  if (!fields.sessionIds && programme.event.kind === 'seminar_series' && chosen.length === 0) {
    fields.sessionIds = 'choose_session';
  }
  // A registration always holds a session: "plenary only" only where there is a plenary.
  if (
    !fields.sessionIds &&
    !fields.regionId &&
    chosen.length === 0 &&
    plenariesOf(programme, input.regionId).length === 0
  ) {
    fields.sessionIds = 'choose_workshop';
  }
  if (Object.keys(fields).length > 0) throw invalid(fields);
  return { chosen, answers: checked.answers };
}

/**
 * Registers a person for an event: a confirmed seat where every quota has room,
 * otherwise a place on the waitlist, decided under the quota locks so that "first N"
 * is first by commit order. A second registration with the same email creates nothing:
 * the existing person is sent their manage link again.
 */
/** How an organizer obtained the consent of a person they register by hand. */
export const CONSENT_SOURCES = ['phone', 'paper', 'email', 'in_person'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface RegisterOptions {
  /**
   * An organizer registers the person by hand: allowed also outside the registration
   * window, the consent's source is recorded and the registration audited.
   */
  byOrganizer?: { actor: string; consentSource: ConsentSource };
}

export async function register(
  ctx: ServiceContext,
  slug: string,
  input: RegistrationInput,
  opts: RegisterOptions = {},
): Promise<RegistrationView & { token: string }> {
  const email = input.email.trim();
  const emailNormalized = normalizeEmail(email);
  const token = TokenVault.create();
  const now = ctx.clock();
  const at = now.toISOString();
  // The programme the registration was last planned on (planned again if it changed).
  const planned: { programme?: Programme } = {};

  const outcome = await ctx.db.capacity
    .run({ slug }, async (programme) => {
      if (programme.event.status !== 'published') throw new AppError('not_found');
      if (!opts.byOrganizer && !registrationOpen(programme.event, now)) throw new AppError('registration_closed');
      const { chosen, answers } = await checkAgainstProgramme(ctx, programme, input);
      planned.programme = programme;
      const coverage = coverageOf(programme.quotas);
      const sessions = [...plenariesOf(programme, input.regionId), ...chosen].sort((a, b) =>
        a.startsAt === b.startsAt ? a.id - b.id : a.startsAt < b.startsAt ? -1 : 1,
      );
      const quotaIds = quotasCovering(
        coverage,
        sessions.map((s) => s.id),
      );
      return {
        quotaIds,
        work: async ({ sql, trx }) => {
          const existing = await findActiveByEmail(sql, programme.event.id, emailNormalized);
          if (existing) {
            await resendManageLink(ctx, sql, existing, now);
            return null;
          }
          const before = await loadQuotaStates(sql, quotaIds);
          const availability = new Availability(before, coverage);
          const registration = await insertRegistration(sql, {
            eventId: programme.event.id,
            name: input.name,
            email,
            emailNormalized,
            institution: input.institution,
            municipalityId: input.municipality,
            role: input.role,
            regionId: input.regionId,
            language: input.language,
            consentAt: at,
            status: 'active',
            createdAt: at,
            cancelledAt: null,
            tokenHash: TokenVault.hash(token),
            tokenSealed: ctx.tokens.seal(token),
          });

          const seats: SeatView[] = [];
          const whole = takenWhole(programme.event);
          // A course: one place in its pool for all its sessions, or the waitlist of all.
          const course = whole ? availability.takeAll(sessions.map((s) => s.id)) : false;
          for (const session of sessions) {
            const confirmed = whole ? course : availability.take(session.id);
            const seat = await insertSeat(sql, {
              registrationId: registration.id,
              sessionId: session.id,
              status: confirmed ? 'confirmed' : 'waitlisted',
              createdAt: at,
              confirmedAt: confirmed ? at : null,
            });
            // Asked right after its insert: the seat is the last of its waitlists.
            const waitlistPosition = confirmed ? null : await positionOfNewest(sql, session.id, coverage, whole);
            seats.push({ ...seat, waitlistPosition });
          }
          await saveUsage(sql, availability, before);
          const asked = askedQuestions(programme.questions).map((q) => q.id);
          await saveAnswers(sql, registration.id, asked, answers, at);
          if (opts.byOrganizer) {
            const { actor, consentSource } = opts.byOrganizer;
            await sql.run('UPDATE registrations SET consent_source = ? WHERE id = ?', [consentSource, registration.id]);
            await audit(
              trx,
              {
                actor,
                action: 'registration.create',
                targetType: 'registration',
                targetId: registration.id,
                after: {
                  name: input.name,
                  email,
                  regionId: input.regionId,
                  consentSource,
                  seats: seats.map((s) => ({ sessionId: s.sessionId, status: s.status, position: s.waitlistPosition })),
                },
              },
              now,
            );
          }
          await enqueue(
            sql,
            {
              kind: 'registration_received',
              to: email,
              language: input.language,
              registrationId: registration.id,
              payload: { token },
            },
            now,
            ctx.mailDomain,
          );
          return { registration, seats, answers };
        },
      };
    })
    .catch((err: unknown) => {
      // Two requests with one email racing past the check: the index decides.
      if (isUniqueViolation(err)) return null;
      throw err;
    });

  if (!outcome || !planned.programme) throw new AppError('already_registered');
  return { ...outcome, programme: planned.programme, token };
}

async function byToken(ctx: ServiceContext, token: string): Promise<Registration & { tokenSealed: string }> {
  if (!TokenVault.looksValid(token)) throw new AppError('not_found');
  const registration = await findRegistrationByTokenHash(ctx.db.knex, TokenVault.hash(token));
  if (!registration) throw new AppError('not_found');
  return registration;
}

export async function viewRegistration(ctx: ServiceContext, token: string): Promise<RegistrationView> {
  const registration = await byToken(ctx, token);
  const programme = await loadProgramme(ctx.db, { id: registration.eventId });
  if (!programme) throw new AppError('not_found');
  const seats = await withPositions(
    ctx.db.knex,
    await seatsOf(ctx.db.knex, registration.id),
    coverageOf(programme.quotas),
    takenWhole(programme.event),
  );
  const answers = await answersOf(ctx.db.knex, registration.id);
  return { registration, seats, programme, answers };
}

export interface ChangeResult extends RegistrationView {
  promoted: Promotion[];
}

/** Frees seats of the registration behind a manage link (see releaseSeats). */
async function freeSeats(
  ctx: ServiceContext,
  token: string,
  pick: (seats: Seat[]) => Seat[],
  opts: { wholeRegistration: boolean },
): Promise<ChangeResult> {
  const registration = await byToken(ctx, token);
  if (registration.status !== 'active') throw new AppError('not_allowed');
  const promoted = await releaseSeats(ctx, registration, pick, opts);
  return { ...(await viewRegistration(ctx, token)), promoted };
}

const isActive = (s: Seat): boolean => s.status !== 'cancelled';

export function cancelRegistration(ctx: ServiceContext, token: string): Promise<ChangeResult> {
  return freeSeats(ctx, token, (seats) => seats.filter(isActive), { wholeRegistration: true });
}

/**
 * What giving up one seat would do, for its confirmation step: the seat and its session,
 * and whether it is the last one held (then the whole registration goes). Refuses, as the
 * cancel itself would, a seat that is not there, a plenary or a cancelled registration.
 */
export function seatToCancel(
  view: RegistrationView,
  seatId: number,
): { seat: SeatView; session: Session; cancelsAll: boolean } {
  if (view.registration.status !== 'active') throw new AppError('not_allowed');
  const seat = view.seats.find((s) => s.id === seatId && isActive(s));
  const session = view.programme.sessions.find((s) => s.id === seat?.sessionId);
  if (!seat || !session) throw new AppError('not_found');
  if (session.kind === 'plenary') throw new AppError('not_allowed');
  // Half a course cannot be given up: a seat of it goes with the whole registration.
  const cancelsAll = takenWhole(view.programme.event) || !view.seats.some((s) => s.id !== seatId && isActive(s));
  return { seat, session, cancelsAll };
}

/** Cancels one workshop or seminar seat; the plenary stays. The last seminar seat cancels all. */
export async function cancelSeat(ctx: ServiceContext, token: string, seatId: number): Promise<ChangeResult> {
  const view = await viewRegistration(ctx, token);
  if (seatToCancel(view, seatId).cancelsAll) return cancelRegistration(ctx, token);
  return freeSeats(ctx, token, (seats) => seats.filter((s) => s.id === seatId && isActive(s)), {
    wholeRegistration: false,
  });
}

/**
 * Moves a person from one workshop to another that has room, keeping their place in the
 * pools both share; whatever the move frees goes to the waitlist at once.
 */
export async function switchSeat(
  ctx: ServiceContext,
  token: string,
  seatId: number,
  toSessionId: number,
): Promise<ChangeResult> {
  const view = await viewRegistration(ctx, token);
  const { registration } = view;
  if (registration.status !== 'active' || takenWhole(view.programme.event)) throw new AppError('not_allowed');
  const seat = view.seats.find((s) => s.id === seatId && isActive(s));
  if (!seat) throw new AppError('not_found');
  const keeping = view.seats.filter((s) => s.id !== seatId && isActive(s));
  // Checked on the programme the move is planned on, so a session moved meanwhile counts.
  const check = (programme: Programme): void => {
    if (!registrationOpen(programme.event, ctx.clock())) throw new AppError('registration_closed');
    const from = programme.sessions.find((s) => s.id === seat.sessionId);
    if (!from || from.kind === 'plenary') throw new AppError('not_found');
    const to = choosableSessions(programme, registration.regionId).find((s) => s.id === toSessionId);
    if (!to || to.id === from.id) throw invalid({ sessionId: 'unknown_session' });
    const clash = (s: Seat): boolean => {
      const held = programme.sessions.find((p) => p.id === s.sessionId);
      return held !== undefined && (held.id === to.id || overlaps(held, to));
    };
    if (keeping.some(clash)) throw invalid({ sessionId: 'sessions_overlap' });
  };

  const promoted = await moveSeat(ctx, registration, seatId, seat.sessionId, toSessionId, { check });
  return { ...(await viewRegistration(ctx, token)), promoted };
}
