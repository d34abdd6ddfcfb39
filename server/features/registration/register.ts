import { isUniqueViolation, type Tx } from '../../db/knex.js';
import { placeholders, type Sql } from '../../db/sql.js';
import type { CapacityTx } from '../../db/capacity.js';
import type { Coverage } from '../../domain/availability.js';
import { listMunicipalities, loadProgramme } from '../../db/programme.js';
import { findActiveByEmail, findRegistrationByTokenHash, insertRegistration, seatsOf } from '../../db/registrations.js';
import { insertSeat } from '../../db/capacityWrites.js';
import { Availability } from '../../domain/availability.js';
import { AppError, invalid, type FieldErrors } from '../../domain/errors.js';
import { quotasCovering } from '../../domain/quotas.js';
import type { Lang } from '../../domain/time.js';
import {
  type ConsentSource,
  confirmsAddress,
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
} from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import type { ServiceContext } from '../../context.js';
import { loadQuotaStates, saveUsage, type Promotion } from './promotion.js';
import { positionOfNewest, rivalsOf, withPositions } from '../../db/waitlistPositions.js';
import { registeredAgain } from './manageLink.js';
import { moveSeat } from './moveSeat.js';
import { releaseSeats } from './releaseSeats.js';
import { TokenVault } from '../../security/tokens.js';
import { audit } from '../../db/audit.js';
import { answersOf, saveAnswers } from '../../db/questions.js';
import { certificatesEnabled } from '../../db/certificates.js';
import { unprintableCharacters } from '../../documents/pdf.js';
import { askedQuestions, checkAnswers, type Answers } from '../../domain/questions.js';
import { saveParticipantData } from '../../db/participantData.js';
import { DISADVANTAGES, type ParticipantData } from '../../domain/participantData.js';
import type { ParticipantDataBody } from '../../http/schemas.js';

export interface RegistrationInput {
  name: string;
  /**
   * The person's address: their messages and manage link go there. Null only when an
   * organizer registers by hand a person who has none (then `phone` is given).
   */
  email: string | null;
  /** A phone number an organizer noted (organizers' registrations only). */
  phone?: string | null;
  institution: string;
  municipality: string;
  role: Role;
  regionId: string;
  /** Workshops or seminars chosen; the region's plenary sessions are added. */
  sessionIds: number[];
  language: Lang;
  /** Answers to the event's own questions, by question id, as the form or the API sent them. */
  answers?: Readonly<Record<string, unknown>>;
  /** ESF+ participant data, where the event asks for it (flags only with their consent). */
  participantData?: ParticipantDataBody;
  consent: true;
}

/** The participant data as kept: the flags with the time of their consent, or nothing of them. */
export function keptParticipantData(body: ParticipantDataBody, at: string): ParticipantData {
  const flags = body.disadvantages;
  return {
    gender: body.gender,
    ageBand: body.ageBand,
    education: body.education,
    employment: body.employment,
    disadvantages: flags
      ? ({ consentAt: at, ...Object.fromEntries(DISADVANTAGES.map((d) => [d, flags[d]])) } as NonNullable<
          ParticipantData['disadvantages']
        >)
      : null,
  };
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
  // The name goes on a certificate: one its font cannot print is refused while it can be put right.
  const lacking = unprintableCharacters(input.name);
  if (lacking.length > 0 && (await certificatesEnabled(ctx.db.knex, programme.event.id))) {
    fields.name = `unprintable_name:${lacking.join('')}`;
  }
  if (input.participantData && !programme.event.participantData) fields.participantData = 'not_asked';
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

export interface RegisterOptions {
  /**
   * An organizer registers the person by hand: allowed also outside the registration
   * window, the consent's source is recorded and the registration audited; the address
   * is not asked to confirm (the organizer vouches for the person).
   */
  byOrganizer?: { actor: string; consentSource: ConsentSource };
  /** A keyed hash of the client that sent it (security/clients.ts), to show a burst to organizers. */
  client?: string | null;
}

/** One item of what a requester is told while the address has not confirmed the registration. */
export interface PendingItem {
  sessionId: number;
  status: 'confirmed' | 'held' | 'waitlisted';
  holdExpiresAt: string | null;
  waitlistPosition: number | null;
}

/**
 * What whoever sent a registration is told when the event confirms addresses: the places
 * as they stand (held until the deadline, or the waitlist position) and that a message
 * went to the address. The same for a new registration and for an address that already
 * has one, so that the answer tells nobody who is registered (DESIGN rule 10); and no
 * manage link, which goes to the address only.
 */
export interface PendingAnswer {
  email: string;
  regionId: string;
  items: PendingItem[];
  /** When the held places end unless the address confirms them; null when nothing is held. */
  confirmBy: string | null;
}

export type RegisterResult =
  /** Registered without address confirmation (the setting off, or by an organizer): the person's link. */
  | ({ kind: 'registered'; token: string } & RegistrationView)
  /** Address confirmation on: what the requester may know, whether the address was new or not. */
  | { kind: 'pending'; answer: PendingAnswer };

/** The sessions a registration asks for, in time order: the region's plenaries and the choices. */
function sessionsAsked(programme: Programme, regionId: string, chosen: readonly Session[]): Session[] {
  return [...plenariesOf(programme, regionId), ...chosen].sort((a, b) =>
    a.startsAt === b.startsAt ? a.id - b.id : a.startsAt < b.startsAt ? -1 : 1,
  );
}

/**
 * Registers a person for an event: a place where every pool covering a session has room,
 * otherwise a place on its waitlist, decided under the pools' locks so that "first N" is
 * first by commit order.
 *
 * Where the event confirms addresses (and no organizer vouches for the person), a limited
 * place is held, not confirmed: it counts against the pools like a confirmed one until the
 * address confirms it (holds.ts) or the hold ends. The address is sent a message of fixed
 * text with the manage link, and the requester learns only what a new registration would
 * learn (`PendingAnswer`).
 *
 * An address that already has a registration for the event gets no second one: it is sent
 * its link (a new one if the old one was ever handed to a requester: registeredAgain), and
 * the requester is answered as if new (confirmation on) or told `already_registered`
 * (confirmation off, or an organizer).
 */
export async function requestRegistration(
  ctx: ServiceContext,
  slug: string,
  input: RegistrationInput,
  opts: RegisterOptions = {},
): Promise<RegisterResult> {
  const token = TokenVault.create();
  const now = ctx.clock();
  // The programme the registration was last planned on (planned again if it changed).
  const planned: { programme?: Programme } = {};

  const outcome = await ctx.db.capacity
    .run({ slug }, async (programme) => {
      const asked = await askFor(ctx, programme, input, opts, now);
      planned.programme = programme;
      return {
        quotaIds: asked.quotaIds,
        work: (tx): Promise<Outcome> => placeRegistration(ctx, tx, asked, token, opts),
      };
    })
    .catch((err: unknown): Outcome => {
      // Two requests with one email racing past the check: the index decides.
      if (isUniqueViolation(err)) return { kind: 'again' };
      throw err;
    });

  // Only what may be told leaves: whether the registration is new is nobody's business.
  if (outcome.kind === 'pending') return { kind: 'pending', answer: outcome.answer };
  if (outcome.kind === 'again' || !planned.programme) throw new AppError('already_registered');
  return { ...outcome, programme: planned.programme, token };
}

/** A registration as planned on a programme: what it asks for, which pools it locks, how it is answered. */
export interface Asked {
  programme: Programme;
  input: RegistrationInput;
  sessions: Session[];
  answers: Answers;
  coverage: Coverage;
  quotaIds: number[];
  /** The address must confirm the limited places (held until `confirmBy`). */
  awaiting: boolean;
  confirmBy: string;
  now: Date;
}

/**
 * Checks a registration against the programme (refusing what it cannot take, with field
 * errors) and plans it: the sessions it asks for and the pools they need.
 */
export async function askFor(
  ctx: ServiceContext,
  programme: Programme,
  input: RegistrationInput,
  opts: RegisterOptions,
  now: Date,
): Promise<Asked> {
  if (programme.event.status !== 'published') throw new AppError('not_found');
  if (!opts.byOrganizer && !registrationOpen(programme.event, now)) throw new AppError('registration_closed');
  const { chosen, answers } = await checkAgainstProgramme(ctx, programme, input);
  const coverage = coverageOf(programme.quotas);
  const sessions = sessionsAsked(programme, input.regionId, chosen);
  return {
    programme,
    input,
    sessions,
    answers,
    coverage,
    quotaIds: quotasCovering(
      coverage,
      sessions.map((s) => s.id),
    ),
    awaiting: !opts.byOrganizer && confirmsAddress(programme.event, ctx.addressConfirmation),
    confirmBy: new Date(now.getTime() + programme.event.holdMinutes * 60_000).toISOString(),
    now,
  };
}

/**
 * The work of one registration under the locks of its pools: a place or the end of a
 * waitlist in each session asked for, the answers, the message to the address. An address
 * that already has a registration for the event gets none: see requestRegistration.
 */
export async function placeRegistration(
  ctx: ServiceContext,
  tx: CapacityTx,
  asked: Asked,
  token: string,
  opts: RegisterOptions & { groupId?: number },
): Promise<Outcome> {
  const { programme, input, sessions, coverage, quotaIds, awaiting, confirmBy, now } = asked;
  const { sql, trx } = tx;
  const at = now.toISOString();
  const email = input.email === null ? null : input.email.trim();
  const emailNormalized = email === null ? null : normalizeEmail(email);
  // Without an address there is nobody to find again: each caller entered is a new registration.
  const existing = emailNormalized === null ? null : await findActiveByEmail(sql, programme.event.id, emailNormalized);
  if (existing) {
    await registeredAgain(ctx, sql, existing, programme, now);
    if (!awaiting) return { kind: 'again' };
    const answer = await answerAsNew(sql, programme, sessions, coverage, quotaIds, confirmBy);
    return { kind: 'pending', answer: { ...answer, email: email ?? '', regionId: input.regionId } };
  }
  const before = await loadQuotaStates(sql, quotaIds);
  const availability = new Availability(before, coverage);
  const whole = takenWhole(programme.event);
  // A course: one place in its pool for all its sessions, or the waitlist of all.
  const course = whole ? availability.takeAll(sessions.map((s) => s.id)) : false;
  const limited = sessions.some((s) => availability.left(s.id) !== null);
  const registration = await insertRegistration(sql, {
    eventId: programme.event.id,
    name: input.name,
    email,
    emailNormalized,
    phone: input.phone ?? null,
    institution: input.institution,
    municipalityId: input.municipality,
    role: input.role,
    regionId: input.regionId,
    language: input.language,
    consentAt: at,
    status: 'active',
    createdAt: at,
    cancelledAt: null,
    addressState: awaiting ? 'pending' : 'unchecked',
    confirmBy: awaiting && limited ? confirmBy : null,
    // The link goes to the address alone unless the answer hands it over.
    linkMailedOnly: awaiting || opts.byOrganizer !== undefined,
    groupId: opts.groupId ?? null,
    tokenHash: TokenVault.hash(token),
    tokenSealed: ctx.tokens.seal(token),
    clientHash: opts.client ?? null,
  });

  const seats: SeatView[] = [];
  for (const session of sessions) {
    const placed = whole ? course : availability.take(session.id);
    // An unlimited session (a plenary) is nobody's scarce place: confirmed at once.
    const scarce = availability.left(session.id) !== null;
    const status = !placed ? 'waitlisted' : awaiting && scarce ? 'held' : 'confirmed';
    const seat = await insertSeat(tx, {
      registrationId: registration.id,
      sessionId: session.id,
      status,
      createdAt: at,
      confirmedAt: status === 'confirmed' ? at : null,
      expiresAt: status === 'held' ? confirmBy : null,
    });
    // Asked right after its insert: the seat is the last of its waitlists.
    const waitlistPosition = placed ? null : await positionOfNewest(sql, session.id, coverage, whole);
    seats.push({ ...seat, waitlistPosition });
  }
  await saveUsage(tx, availability, before);
  const questions = askedQuestions(programme.questions).map((q) => q.id);
  await saveAnswers(sql, registration.id, questions, asked.answers, at);
  if (programme.event.participantData && input.participantData) {
    await saveParticipantData(sql, registration.id, keptParticipantData(input.participantData, at), at);
  }
  if (opts.byOrganizer) await auditByOrganizer(sql, trx, registration, seats, opts.byOrganizer, now);
  await enqueue(
    sql,
    {
      // Until the address answers, only a message of fixed text goes to it.
      kind: awaiting ? 'address_confirm' : 'registration_received',
      to: email,
      language: input.language,
      registrationId: registration.id,
      payload: {},
    },
    now,
    ctx.mailDomain,
  );
  if (awaiting) return { kind: 'pending', answer: pendingAnswerOf(registration, seats), registration, seats };
  return { kind: 'registered', registration, seats, answers: asked.answers };
}

export type Registered = Extract<RegisterResult, { kind: 'registered' }>;

/**
 * Registers a person where no address confirmation applies (an organizer's registration,
 * an event or a server with confirmation off): the person's registration and link. On an
 * event that confirms addresses use `requestRegistration`, whose answer hands over no link.
 */
export async function register(
  ctx: ServiceContext,
  slug: string,
  input: RegistrationInput,
  opts: RegisterOptions = {},
): Promise<Registered> {
  const result = await requestRegistration(ctx, slug, input, opts);
  if (result.kind !== 'registered') throw new Error(`${slug} confirms addresses: its registrations are requests`);
  return result;
}

/**
 * What placing a registration came to: registered (the link may be handed over), pending
 * (only `answer` may be told; `registration` and `seats` are there for the caller's own
 * records when the registration is new), or nothing made (`again`: confirmation off).
 */
export type Outcome =
  | { kind: 'registered'; registration: Registration; seats: SeatView[]; answers: Answers }
  | { kind: 'pending'; answer: PendingAnswer; registration?: Registration; seats?: SeatView[] }
  | { kind: 'again' };

/** A pending registration as its requester may see it. */
export function pendingAnswerOf(registration: Registration, seats: readonly SeatView[]): PendingAnswer {
  return {
    // A pending registration always has an address (only an organizer's may lack one, and it never waits).
    email: registration.email ?? '',
    regionId: registration.regionId,
    confirmBy: registration.confirmBy,
    items: seats.map((s) => ({
      sessionId: s.sessionId,
      status: s.status === 'held' || s.status === 'waitlisted' ? s.status : 'confirmed',
      holdExpiresAt: s.status === 'held' ? s.expiresAt : null,
      waitlistPosition: s.waitlistPosition,
    })),
  };
}

/**
 * What a new registration for `sessions` would be told now, read under the same locks and
 * written nowhere: the answer to a request for an address that is registered already, so
 * that it cannot be told from a new one.
 */
async function answerAsNew(
  sql: Sql,
  programme: Programme,
  sessions: readonly Session[],
  coverage: Coverage,
  quotaIds: readonly number[],
  confirmBy: string,
): Promise<Omit<PendingAnswer, 'email' | 'regionId'>> {
  const availability = new Availability(await loadQuotaStates(sql, quotaIds), coverage);
  const whole = takenWhole(programme.event);
  const course = whole ? availability.takeAll(sessions.map((s) => s.id)) : false;
  const items: PendingItem[] = [];
  const waitingAdded: number[] = [];
  for (const session of sessions) {
    const placed = whole ? course : availability.take(session.id);
    const scarce = availability.left(session.id) !== null;
    if (placed) {
      items.push({
        sessionId: session.id,
        status: scarce ? 'held' : 'confirmed',
        holdExpiresAt: scarce ? confirmBy : null,
        waitlistPosition: null,
      });
      continue;
    }
    // As positionOfNewest would say after an insert: those waiting in the rival sessions
    // now, the ones this answer put on a rival waitlist before, and this one.
    const rivals = rivalsOf(coverage, session.id, whole);
    const ahead = waitingAdded.filter((id) => rivals.includes(id)).length;
    waitingAdded.push(session.id);
    items.push({
      sessionId: session.id,
      status: 'waitlisted',
      holdExpiresAt: null,
      waitlistPosition: (await waitingIn(sql, rivals)) + ahead + 1,
    });
  }
  return { items, confirmBy: items.some((i) => i.status !== 'confirmed') ? confirmBy : null };
}

/** How many seats wait in the given sessions (the waitlist counters). */
async function waitingIn(sql: Sql, sessionIds: readonly number[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const [row] = await sql.all<{ n: number | string | null }>(
    `SELECT SUM(waiting) AS n FROM session_waitlists WHERE session_id IN (${placeholders(sessionIds.length)})`,
    sessionIds,
  );
  return Number(row?.n ?? 0);
}

/** An organizer's registration by hand, in the audit log (its consent's source too). */
async function auditByOrganizer(
  sql: Sql,
  trx: Tx,
  registration: Registration,
  seats: readonly SeatView[],
  by: NonNullable<RegisterOptions['byOrganizer']>,
  now: Date,
): Promise<void> {
  await sql.run('UPDATE registrations SET consent_source = ? WHERE id = ?', [by.consentSource, registration.id]);
  await audit(
    trx,
    {
      actor: by.actor,
      action: 'registration.create',
      targetType: 'registration',
      targetId: registration.id,
      after: {
        name: registration.name,
        email: registration.email,
        regionId: registration.regionId,
        consentSource: by.consentSource,
        seats: seats.map((s) => ({ sessionId: s.sessionId, status: s.status, position: s.waitlistPosition })),
      },
    },
    now,
  );
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
  if (registration.addressState === 'pending') throw new AppError('not_allowed');
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
