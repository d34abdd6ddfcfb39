import type Mail from 'nodemailer/lib/mailer/index.js';
import type { CalendarMethod } from '../calendar/ics.js';
import { documentOf, pdfFilename, verifyUrlOf } from '../documents/certificate.js';
import { renderCertificatePdf } from '../documents/pdf.js';
import type { CertificateSeal } from '../documents/seal.js';
import { findCertificate } from '../db/certificates.js';
import type { Database } from '../db/database.js';
import { joinCodesOf } from '../db/joinCodes.js';
import { seatPositions } from '../db/waitlistPositions.js';
import { hoursPhrase } from '../domain/certificates.js';
import { hasJoinLink } from '../domain/joinLink.js';
import { joinLinkFrom } from '../domain/stream.js';
import { formatAt, formatMoment, formatRange, formatRangeAt, type Lang } from '../domain/time.js';
import { whereLine } from '../domain/where.js';
import type { Programme, Registration, Seat, Session } from '../domain/types.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { TokenVault } from '../security/tokens.js';
import type { MessageKind } from './outbox.js';
import type { groupSummary } from '../db/groups.js';

/**
 * What each kind of message says (compose.ts wraps it in the greeting, the links, the
 * signature and the calendar part): one function per kind. A function answers null when
 * its message no longer applies (say, a promotion whose seat was cancelled since).
 */

export interface Body {
  subject: string;
  paragraphs: string[];
  seats: { title: string; when: string; where?: string | null; status: string }[];
  after: string[];
  links: { label: string; url: string }[];
  notes: string[];
  /** `replaces`: the invitation updates an entry the person has (a switch) rather than adding one. */
  calendar?: { method: CalendarMethod; seats: Seat[]; bump?: number; replaces?: boolean };
  attachments?: Mail.Attachment[];
  /** Fixed text: a greeting without the name, and no name beside the address (nothing a stranger typed). */
  plain?: boolean;
  /** The label of the manage link, where the message's one action is something else than "manage". */
  manageLabel?: MessageKey;
  /** Whom the message and its calendar part are for, where it is not the registration's person. */
  attendee?: { name: string; email: string };
}

/** What a message is made from: the person, their event and seats as they are now, the outbox payload. */
export interface BodyContext {
  kind: MessageKind;
  t: Translate;
  lang: Lang;
  registration: Registration;
  programme: Programme;
  seats: Seat[];
  payload: Record<string, unknown>;
  deps: { db: Database; tokens: TokenVault; baseUrl: string; certificateSeal?: CertificateSeal | null };
  /** When the message is composed (a join link is offered only for a session not yet ended). */
  now: Date;
}

const empty = (): Body => ({ subject: '', paragraphs: [], seats: [], after: [], links: [], notes: [] });

const seatById = (c: BodyContext, id: unknown): Seat | undefined => c.seats.find((s) => s.id === Number(id));

const sessionOf = (c: BodyContext, seat: Seat | undefined): Session | undefined =>
  c.programme.sessions.find((s) => s.id === seat?.sessionId);

/**
 * A seat as a line of the message: the session, when, where (a place and its address, or
 * online, and from when a confirmed online seat can be joined), its status.
 */
function seatLine(c: BodyContext, seat: Seat, position: number | null, joinable = false) {
  const s = sessionOf(c, seat);
  const status =
    seat.status === 'waitlisted'
      ? c.t('mail.seat.waitlisted', { position: position ?? '?' })
      : c.t(`mail.seat.${seat.status}`);
  const tz = c.programme.event.timezone;
  const where = !s
    ? null
    : joinable
      ? c.t('mail.where.onlineJoin', { when: formatAt(joinLinkFrom(s, c.programme.event), c.lang, tz) })
      : whereLine(s, c.t('seminars.online'));
  return {
    title: s?.title[c.lang] ?? '',
    when: s ? formatRange(s.startsAt, s.endsAt, c.lang, tz) : '',
    where,
    status,
  };
}

/**
 * The person's own join link of each confirmed seat held online whose session has not
 * ended: a button a seat, and the seat's line says from when it opens. The meeting's
 * URL itself is never mailed (the link leads there inside the session's window).
 */
async function withJoinLinks(c: BodyContext, b: Body, seats: readonly Seat[], positions = new Map<number, number>()) {
  const now = c.now.getTime();
  const joinable = seats.filter((seat) => {
    const s = sessionOf(c, seat);
    return (
      seat.status === 'confirmed' &&
      s !== undefined &&
      s.status === 'scheduled' &&
      hasJoinLink(s) &&
      Date.parse(s.endsAt) > now
    );
  });
  const codes = await joinCodesOf(
    c.deps.db.knex,
    c.deps.tokens,
    joinable.map((s) => s.id),
  );
  b.seats = seats.map((seat) => seatLine(c, seat, positions.get(seat.id) ?? null, codes.has(seat.id)));
  for (const seat of joinable) {
    const code = codes.get(seat.id);
    const s = sessionOf(c, seat);
    if (!code || !s) continue;
    b.links.push({
      label: c.t(s.kind === 'plenary' ? 'mail.join.stream' : 'mail.join.meeting', { session: s.title[c.lang] }),
      // The page that explains an early or late click speaks the person's language.
      url: `${c.deps.baseUrl}/j/${code}${c.lang === 'en' ? '?lang=en' : ''}`,
    });
  }
  if (codes.size > 0) b.notes.push(c.t('mail.reminder.joinHint'));
}

/** The registration as made: every active seat with its status or waitlist position; an invitation for the confirmed ones. */
async function registrationReceived(c: BodyContext): Promise<Body | null> {
  const { t, programme, seats } = c;
  const event = programme.event.title[c.lang];
  const active = seats.filter((s) => s.status !== 'cancelled');
  const positions = await seatPositions(c.deps.db.knex, active, programme);
  const b = empty();
  b.subject = t('mail.registration_received.subject', { event });
  const single = programme.event.kind === 'single';
  // A course is named a course, and its sessions its lessons ("kursa nodarbības").
  b.paragraphs.push(
    t(
      single
        ? 'mail.registration_received.introSingle'
        : programme.event.kind === 'course'
          ? 'mail.registration_received.introCourse'
          : 'mail.registration_received.intro',
      { event },
    ),
  );
  await withJoinLinks(c, b, active, positions);
  if (active.some((s) => s.status === 'waitlisted')) {
    const kind = programme.event.kind;
    b.after.push(
      t(
        kind === 'seminar_series'
          ? 'mail.registration_received.waitlistSeminar'
          : kind === 'single'
            ? 'mail.registration_received.waitlistSingle'
            : kind === 'course'
              ? 'mail.registration_received.waitlistCourse'
              : 'mail.registration_received.waitlist',
      ),
    );
  }
  b.calendar = { method: 'REQUEST', seats: active.filter((s) => s.status === 'confirmed') };
  return b;
}

/** A workshop switch in one message: the new seat continues the old calendar entry. */
async function seatSwitched(c: BodyContext): Promise<Body | null> {
  const { t, payload } = c;
  const seat = seatById(c, payload.seatId);
  const s = sessionOf(c, seat);
  const old = seatById(c, payload.cancelledSeatId);
  if (!seat || !s || seat.status !== 'confirmed') return null;
  const b = empty();
  const title = s.title[c.lang];
  const from = sessionOf(c, old)?.title[c.lang] ?? '';
  b.subject = t('mail.seat_switched.subject', { session: title });
  const intro = !from
    ? 'mail.seat_switched.intro'
    : payload.byOrganizer === true
      ? 'mail.seat_switched.introOrganizer'
      : 'mail.seat_switched.introFrom';
  b.paragraphs.push(t(intro, { session: title, from }));
  await withJoinLinks(c, b, [seat]);
  b.calendar = { method: 'REQUEST', seats: [seat], replaces: old?.confirmedAt != null };
  return b;
}

/** A place came free: one seat, or every session of a course at once. */
async function promoted(c: BodyContext): Promise<Body | null> {
  const { t, programme, seats, payload } = c;
  // A single-session event's promotion is one seat: the message of any one seat.
  const course =
    programme.event.kind === 'course' && Array.isArray(payload.seatIds) ? payload.seatIds.map(Number) : null;
  if (course) {
    // A course: every session of it at once, in one message.
    const held = seats.filter((x) => course.includes(x.id) && x.status === 'confirmed');
    if (held.length === 0) return null;
    const b = empty();
    const title = programme.event.title[c.lang];
    b.subject = t('mail.promoted.subject', { session: title });
    b.paragraphs.push(t('mail.promoted.introCourse', { course: title }));
    await withJoinLinks(c, b, held);
    b.calendar = { method: 'REQUEST', seats: held };
    return b;
  }
  const seat = seatById(c, payload.seatId);
  const s = sessionOf(c, seat);
  if (!seat || !s || seat.status !== 'confirmed') return null;
  const b = empty();
  const title = s.title[c.lang];
  b.subject = t('mail.promoted.subject', { session: title });
  b.paragraphs.push(t('mail.promoted.intro', { session: title }));
  await withJoinLinks(c, b, [seat]);
  b.calendar = { method: 'REQUEST', seats: [seat] };
  return b;
}

/** A workshop or seminar added to the registration (by the person or an organizer). */
async function seatAdded(c: BodyContext): Promise<Body | null> {
  const { t, programme, payload } = c;
  const seat = seatById(c, payload.seatId);
  const s = sessionOf(c, seat);
  if (!seat || !s || seat.status === 'cancelled') return null;
  const positions = await seatPositions(c.deps.db.knex, [seat], programme);
  const b = empty();
  const title = s.title[c.lang];
  const waiting = seat.status === 'waitlisted';
  const seminar = s.kind === 'seminar';
  b.subject = t(waiting ? 'mail.seat_added.subjectWaitlisted' : 'mail.seat_added.subject', { session: title });
  b.paragraphs.push(
    t(payload.byOrganizer === true ? 'mail.seat_added.introOrganizer' : 'mail.seat_added.intro', {
      session: title,
    }),
  );
  await withJoinLinks(c, b, [seat], positions);
  if (waiting)
    b.after.push(t(seminar ? 'mail.registration_received.waitlistSeminar' : 'mail.registration_received.waitlist'));
  else b.calendar = { method: 'REQUEST', seats: [seat] };
  return b;
}

/** Seats given up, or the whole registration: the calendar entries they had are cancelled. */
async function cancelled(c: BodyContext): Promise<Body | null> {
  const { t, seats, payload } = c;
  // An offer nobody answered in time ended the place: said as such, not as a cancellation.
  const kind =
    payload.reason === 'offer_lapsed'
      ? 'offer_lapsed'
      : c.kind === 'seat_cancelled'
        ? 'seat_cancelled'
        : 'registration_cancelled';
  const event = c.programme.event.title[c.lang];
  const ids = Array.isArray(payload.seatIds) ? payload.seatIds.map(Number) : [];
  const gone = seats.filter((s) => ids.includes(s.id));
  const first = sessionOf(c, gone.find((s) => sessionOf(c, s)?.kind !== 'plenary') ?? gone[0]);
  const b = empty();
  const course = c.programme.event.kind === 'course';
  b.subject = t(`mail.${kind}.subject`, { event, session: course ? event : (first?.title[c.lang] ?? event) });
  const byOrganizer = kind === 'registration_cancelled' && payload.byOrganizer === true;
  b.paragraphs.push(
    t(
      byOrganizer
        ? 'mail.registration_cancelled.introOrganizer'
        : kind === 'seat_cancelled' && gone.length === 1
          ? 'mail.seat_cancelled.introOne'
          : kind === 'registration_cancelled' && course
            ? 'mail.registration_cancelled.introCourse'
            : `mail.${kind}.intro`,
      { event },
    ),
  );
  b.seats = gone.map((s) => seatLine(c, s, null));
  // The way back: a registration that ended registers again on the event's page; a seat
  // given up (the registration goes on) is chosen again on the manage page (its link below).
  const eventUrl = `${c.deps.baseUrl}/events/${c.programme.event.slug}?lang=${c.lang}`;
  if (kind === 'registration_cancelled') b.links.push({ label: t('mail.registerAgain'), url: eventUrl });
  else if (kind === 'seat_cancelled') {
    if (c.registration.status === 'active') b.after.push(t('mail.seat_cancelled.again'));
    b.links.push({ label: t('mail.eventPage'), url: eventUrl });
  }
  // Only seats that were once confirmed ever had a calendar entry to cancel.
  b.calendar = { method: 'CANCEL', seats: gone.filter((s) => s.confirmedAt !== null), bump: 1 };
  return b;
}

/** The organizers' own words, where they wrote any, as paragraphs after a heading. */
function organizerMessage(b: Body, c: BodyContext): void {
  const { payload } = c;
  if (typeof payload.message === 'string' && payload.message.trim() !== '') {
    b.paragraphs.push(c.t('mail.organizerMessage'));
    b.paragraphs.push(
      ...payload.message
        .split(/\r?\n\s*\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean),
    );
  }
}

/** A session cancelled by the organizers, with their message. */
async function sessionCancelled(c: BodyContext): Promise<Body | null> {
  const { t, programme, payload } = c;
  const seat = seatById(c, payload.seatId);
  const s = sessionOf(c, seat);
  if (!seat || !s) return null;
  const b = empty();
  const vars = {
    session: s.title[c.lang],
    when: formatRange(s.startsAt, s.endsAt, c.lang, programme.event.timezone),
  };
  b.subject = t('mail.session_cancelled.subject', vars);
  b.paragraphs.push(t('mail.session_cancelled.intro', vars));
  organizerMessage(b, c);
  // A waitlisted seat never had a calendar entry, so it gets no CANCEL either.
  b.calendar = { method: 'CANCEL', seats: seat.confirmedAt !== null ? [seat] : [] };
  return b;
}

/** What a moved seat was, as the outbox payload keeps it (features/programme/sessions.ts, MovedSeat). */
interface WasSeat {
  seatId: number;
  was: { startsAt: string; endsAt: string; place?: string | null; address?: string | null };
}

/** The seats a move message is about: `seats` with what each was; an older message names one seat, without. */
function movedSeatsOf(payload: Record<string, unknown>): (WasSeat | { seatId: number; was: null })[] {
  if (!Array.isArray(payload.seats)) return [{ seatId: Number(payload.seatId), was: null }];
  return (payload.seats as unknown[]).flatMap((x) => {
    const item = x as Partial<WasSeat> | null;
    const was = item?.was;
    if (!item || typeof was?.startsAt !== 'string' || typeof was.endsAt !== 'string') return [];
    return [{ seatId: Number(item.seatId), was }];
  });
}

/**
 * Sessions moved by the organizers, in one message per change: for each of the person's
 * seats that moved, what its time (and its place, where that changed) was and is now,
 * with a calendar update for each. What it is now is read as it is when the message goes.
 */
async function sessionMoved(c: BodyContext): Promise<Body | null> {
  const { t, programme } = c;
  const tz = programme.event.timezone;
  const when = (startsAt: string, endsAt: string) => formatRangeAt(startsAt, endsAt, c.lang, tz);
  const where = (place: string | null | undefined, address: string | null | undefined) =>
    place || address ? [place, address].filter(Boolean).join(', ') : t('mail.session_moved.online');
  const items = movedSeatsOf(c.payload).flatMap(({ seatId, was }) => {
    const seat = seatById(c, seatId);
    const s = sessionOf(c, seat);
    // A seat given up or a session cancelled since is told by a message of its own.
    if (!seat || !s || seat.status !== 'confirmed' || s.status !== 'scheduled') return [];
    const time = { was: was ? when(was.startsAt, was.endsAt) : null, now: when(s.startsAt, s.endsAt) };
    const place = was && 'place' in was ? { was: where(was.place, was.address), now: where(s.place, s.address) } : null;
    const timeMoved = time.was === null || time.was !== time.now;
    const placeMoved = place !== null && place.was !== place.now;
    // Moved back meanwhile: nothing of this seat is different from what the person had.
    if (!timeMoved && !placeMoved) return [];
    return [{ seat, s, time: timeMoved ? time : null, place: placeMoved ? place : null }];
  });
  const first = items[0];
  if (!first) return null;
  const b = empty();
  if (items.length === 1) {
    const session = first.s.title[c.lang];
    const subject =
      first.time && first.place
        ? 'mail.session_moved.subjectBoth'
        : first.place
          ? 'mail.session_moved.subjectPlace'
          : 'mail.session_moved.subject';
    b.subject = t(subject, { session });
    b.paragraphs.push(t('mail.session_moved.intro', { session }));
    if (first.time?.was) b.paragraphs.push(t('mail.session_moved.time', { was: first.time.was, now: first.time.now }));
    // An older message, queued before moves kept what was: the new time alone.
    else if (first.time)
      b.paragraphs.push(
        t('mail.session_moved.timeNow', { when: formatRange(first.s.startsAt, first.s.endsAt, c.lang, tz) }),
      );
    if (first.place) b.paragraphs.push(t('mail.session_moved.place', first.place));
  } else {
    const event = programme.event.title[c.lang];
    b.subject = t('mail.session_moved.subjectSeveral', { event });
    b.paragraphs.push(t('mail.session_moved.introSeveral', { event }));
    for (const item of items) {
      const session = item.s.title[c.lang];
      if (item.time?.was)
        b.paragraphs.push(t('mail.session_moved.sessionTime', { session, was: item.time.was, now: item.time.now }));
      if (item.place) b.paragraphs.push(t('mail.session_moved.sessionPlace', { session, ...item.place }));
    }
  }
  organizerMessage(b, c);
  // Each session as it is now: when, where, and for one held online the person's join link.
  await withJoinLinks(
    c,
    b,
    items.map((i) => i.seat),
  );
  // A calendar update for each seat that had an entry (one never confirmed has none).
  b.calendar = { method: 'REQUEST', seats: items.flatMap((i) => (i.seat.confirmedAt !== null ? [i.seat] : [])) };
  return b;
}

/** A session moved or cancelled by the organizers, with their message. */
function sessionChanged(c: BodyContext): Promise<Body | null> {
  return c.payload.change === 'cancelled' ? sessionCancelled(c) : sessionMoved(c);
}

/** Before a session: when it starts and the person's own join link. */
async function reminder(c: BodyContext): Promise<Body | null> {
  const { t, programme, payload } = c;
  const seat = seatById(c, payload.seatId);
  const s = sessionOf(c, seat);
  if (!seat || !s || seat.status !== 'confirmed' || s.status !== 'scheduled') return null;
  const b = empty();
  const vars = {
    session: s.title[c.lang],
    when: formatRange(s.startsAt, s.endsAt, c.lang, programme.event.timezone),
  };
  b.subject = t('mail.reminder.subject', vars);
  // inside the sentence: "sāksies pirmdien, 28. decembrī, plkst. 10.00–11.30"
  const at = formatRangeAt(s.startsAt, s.endsAt, c.lang, programme.event.timezone);
  b.paragraphs.push(t('mail.reminder.intro', { ...vars, when: at }));
  // The personal join link: it records the join and leads to the meeting (or the
  // open stream) inside the session's window; the meeting URL itself is never mailed.
  const code = hasJoinLink(s) ? (await joinCodesOf(c.deps.db.knex, c.deps.tokens, [seat.id])).get(seat.id) : null;
  if (code) {
    b.links.push({
      label: t(s.kind === 'plenary' ? 'pd.mail.joinStream' : 'pd.mail.joinMeeting'),
      // The page that explains an early or late click speaks the person's language.
      url: `${c.deps.baseUrl}/j/${code}${c.lang === 'en' ? '?lang=en' : ''}`,
    });
    b.notes.push(t('mail.reminder.joinHint'));
  }
  // Where: the place and its address, or online and from when the link opens.
  b.seats = [seatLine(c, seat, null, Boolean(code))];
  return b;
}

/** An organizers' announcement, in the person's language. */
async function announcement(c: BodyContext): Promise<Body | null> {
  const { t, payload } = c;
  const subject = typeof payload.subject === 'string' ? payload.subject : '';
  const text = typeof payload.text === 'string' ? payload.text : '';
  if (!subject || !text) return null;
  const b = empty();
  b.subject = subject;
  b.paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  // No English version was written: say so, in English, rather than greet twice.
  if (c.lang === 'en' && payload.textLang === 'lv') b.notes.push(t('mail.announcement.latvianOnly'));
  return b;
}

/** A certificate, attached as a PDF, while it is still valid. */
async function certificateIssued(c: BodyContext): Promise<Body | null> {
  const { t, payload } = c;
  const event = c.programme.event.title[c.lang];
  // Only a certificate still valid when the message goes out is sent.
  const cert = await findCertificate(c.deps.db.knex, Number(payload.certificateId));
  if (!cert || cert.status !== 'valid' || cert.registrationId !== c.registration.id) return null;
  const b = empty();
  const hours = hoursPhrase(cert.hoursTenths, c.lang);
  b.subject = t('pd.mail.cert.subject', { event });
  b.paragraphs.push(t('pd.mail.cert.intro', { event, hours, number: cert.numberText }));
  b.links.push({ label: t('pd.mail.cert.verify'), url: verifyUrlOf(c.deps.baseUrl, cert.verifyCode) });
  // Where the teacher finds every certificate of the address, from all events.
  b.links.push({ label: t('mail.certificate.record'), url: `${c.deps.baseUrl}/certificates?lang=${c.lang}` });
  b.notes.push(t('pd.mail.cert.keep'));
  b.attachments = [
    {
      filename: pdfFilename(cert),
      content: await renderCertificatePdf(documentOf(cert, c.deps.baseUrl), c.deps.certificateSeal),
      contentType: 'application/pdf',
    },
  ];
  return b;
}

/** When the message says something happened or ends: a moment in the event's time zone. */
const momentOf = (c: BodyContext, at: unknown): string =>
  formatMoment(typeof at === 'string' ? at : c.registration.createdAt, c.lang, c.programme.event.timezone);

/**
 * To an address that has not confirmed its registration: fixed text (no name, no answers),
 * what is held or waiting and until when, and the link to confirm. Not sent once the
 * address has confirmed, or the registration has ended.
 */
async function addressConfirm(c: BodyContext): Promise<Body | null> {
  const { t, programme, registration, seats, payload } = c;
  if (registration.addressState !== 'pending' || registration.status !== 'active') return null;
  const event = programme.event.title[c.lang];
  const active = seats.filter((s) => s.status !== 'cancelled');
  if (active.length === 0) return null;
  const positions = await seatPositions(c.deps.db.knex, active, programme);
  const until = momentOf(c, registration.confirmBy);
  const b = empty();
  b.plain = true;
  b.manageLabel = 'mail.address_confirm.link';
  b.subject = t('mail.address_confirm.subject', { event });
  if (payload.promoted === true) b.paragraphs.push(t('mail.address_confirm.promoted', { moment: until }));
  else {
    b.paragraphs.push(t('mail.address_confirm.intro', { event, moment: momentOf(c, registration.createdAt) }));
    const held = active.some((s) => s.status === 'held');
    const waiting = active.some((s) => s.status === 'waitlisted');
    b.paragraphs.push(
      held
        ? t('mail.address_confirm.held', { moment: until })
        : waiting
          ? t('mail.address_confirm.waiting', { moment: until })
          : t('mail.address_confirm.plenary'),
    );
  }
  b.seats = active.map((s) => seatLine(c, s, positions.get(s.id) ?? null));
  b.after.push(t('mail.address_confirm.notYou'));
  return b;
}

/**
 * The address was registered again: when, that nothing new was made, and its link — a new
 * one when the old one may have been a stranger's (manageLink.ts, registeredAgain). Fixed text.
 */
async function registeredAgain(c: BodyContext): Promise<Body | null> {
  const { t, programme, registration, payload } = c;
  if (registration.status !== 'active') return null;
  const event = programme.event.title[c.lang];
  const b = empty();
  b.plain = true;
  b.manageLabel = 'mail.registered_again.link';
  b.subject = t('mail.registered_again.subject', { event });
  b.paragraphs.push(
    t('mail.registered_again.intro', {
      event,
      moment: momentOf(c, payload.at),
      since: momentOf(c, registration.createdAt),
    }),
  );
  b.paragraphs.push(t(payload.rotated === true ? 'mail.registered_again.rotated' : 'mail.registered_again.same'));
  b.after.push(t('mail.registered_again.notYou'));
  return b;
}

/** A freed place offered to the person: what, until when, and how to accept or decline. */
async function placeOffered(c: BodyContext): Promise<Body | null> {
  const { t, programme, seats, payload } = c;
  const ids = Array.isArray(payload.seatIds) ? payload.seatIds.map(Number) : [Number(payload.seatId)];
  const offered = seats.filter((s) => ids.includes(s.id) && s.status === 'offered');
  const first = offered[0];
  const s = sessionOf(c, first);
  if (!first || !s) return null;
  const course = programme.event.kind === 'course';
  const title = course ? programme.event.title[c.lang] : s.title[c.lang];
  const b = empty();
  b.plain = c.registration.addressState === 'pending';
  b.manageLabel = 'mail.place_offered.link';
  b.subject = t('mail.place_offered.subject', { session: title });
  b.paragraphs.push(t(course ? 'mail.place_offered.introCourse' : 'mail.place_offered.intro', { session: title }));
  b.seats = offered.map((x) => seatLine(c, x, null));
  b.after.push(t('mail.place_offered.how'));
  b.after.push(t('mail.place_offered.deadline', { moment: momentOf(c, first.expiresAt) }));
  return b;
}

/**
 * The manage link: the same link again (the lost-link form, which anyone may fill in for any
 * address: nothing changes, the subscribed feed keeps working), or a new one the person made
 * on their manage page (the old link and the feed derived from it end).
 */
async function manageLink(c: BodyContext): Promise<Body | null> {
  const { t, payload } = c;
  const event = c.programme.event.title[c.lang];
  const b = empty();
  const rotated = payload.rotated === true;
  b.subject = t(rotated ? 'mail.new_link.subject' : 'mail.manage_link.subject', { event });
  b.paragraphs.push(t(rotated ? 'mail.new_link.intro' : 'mail.manage_link.intro', { event }));
  // An address that has not confirmed yet: fixed text, and the link confirms it.
  const pending = c.registration.addressState === 'pending' && c.registration.status === 'active';
  if (pending) {
    b.plain = true;
    b.manageLabel = 'mail.address_confirm.link';
    if (c.registration.confirmBy)
      b.paragraphs.push(t('mail.manage_link.pending', { moment: momentOf(c, c.registration.confirmBy) }));
  }
  if (!rotated) b.after.push(t(pending ? 'mail.address_confirm.notYou' : 'mail.manage_link.notYou'));
  return b;
}

/**
 * To a person whose place in a group its coordinator gave to someone else: fixed text, the
 * calendar entries they had cancelled, the way to register again; never the new link.
 */
async function groupSwappedOut(c: BodyContext): Promise<Body | null> {
  const { t, programme, seats, payload } = c;
  const event = programme.event.title[c.lang];
  const ids = Array.isArray(payload.seatIds) ? payload.seatIds.map(Number) : [];
  const b = empty();
  b.plain = true;
  b.attendee = { name: '', email: String(payload.to ?? c.registration.email) };
  b.subject = t('mail.group_swapped_out.subject', { event });
  b.paragraphs.push(t('mail.group_swapped_out.intro', { event, moment: momentOf(c, payload.at) }));
  b.after.push(t('mail.group_swapped_out.again'));
  b.links.push({
    label: t('mail.registerAgain'),
    url: `${c.deps.baseUrl}/events/${programme.event.slug}?lang=${c.lang}`,
  });
  b.calendar = { method: 'CANCEL', seats: seats.filter((s) => ids.includes(s.id)), bump: 1 };
  return b;
}

/** A group as its coordinator's message lists it (db/groups.ts, groupSummary). */
export function groupBody(
  summary: NonNullable<Awaited<ReturnType<typeof groupSummary>>>,
  t: Translate,
  lang: Lang,
  baseUrl: string,
  awaiting: boolean,
): Body {
  const { programme, group, people, token } = summary;
  const tz = programme.event.timezone;
  const event = programme.event.title[lang];
  const b = empty();
  b.plain = true;
  b.subject = t('mail.group_registered.subject', { event });
  b.paragraphs.push(t('mail.group_registered.intro', { event }));
  for (const p of people) {
    for (const seat of p.seats) {
      const s = programme.sessions.find((x) => x.id === seat.sessionId);
      if (!s) continue;
      const status = p.pending
        ? t('mail.group_registered.waitingConfirm')
        : seat.status === 'waitlisted'
          ? t('mail.seat.waitlisted', { position: seat.waitlistPosition ?? '?' })
          : t(`mail.seat.${seat.status}`);
      b.seats.push({
        title: `${p.email}: ${s.title[lang]}`,
        when: formatRange(s.startsAt, s.endsAt, lang, tz),
        status,
      });
    }
  }
  b.after.push(t(awaiting ? 'mail.group_registered.awaiting' : 'mail.group_registered.sent'));
  if (group.notAdded.length > 0) {
    b.after.push(t('mail.group_registered.notAdded', { emails: group.notAdded.map((n) => n.email).join(', ') }));
  }
  b.after.push(t('mail.group_registered.page'));
  b.links.push({ label: t('mail.group_registered.link'), url: `${baseUrl}/g/${token}?lang=${lang}` });
  return b;
}

/**
 * A cancellation or erasure asked with the link of a registration that holds a certificate:
 * the address confirms it from here (services/addressActions.ts). Fixed text.
 */
async function addressAction(c: BodyContext): Promise<Body | null> {
  const { t, programme, payload } = c;
  const action = payload.action === 'erase' ? 'erase' : 'cancel';
  const token = typeof payload.sealed === 'string' ? c.deps.tokens.unseal(payload.sealed) : null;
  if (!token) return null;
  const event = programme.event.title[c.lang];
  const b = empty();
  b.plain = true;
  b.subject = t(`mail.address_action.subject.${action}`, { event });
  b.paragraphs.push(t(`mail.address_action.intro.${action}`, { event, moment: momentOf(c, payload.at) }));
  b.links.push({ label: t('mail.address_action.link'), url: `${c.deps.baseUrl}/a/${token}?lang=${c.lang}` });
  if (action === 'erase') b.notes.push(t('mail.address_action.certificatesKept'));
  b.notes.push(t('mail.address_action.valid'));
  b.after.push(t('mail.address_action.notYou'));
  return b;
}

/**
 * The link to a teacher's record of certificates (features/certificates/record.ts): fixed
 * text, to the address alone; null once the link can no longer be opened.
 */
export function pdRecordBody(t: Translate, lang: Lang, baseUrl: string, token: string | null): Body | null {
  if (!token) return null;
  const b = empty();
  b.plain = true;
  b.subject = t('mail.pd_record.subject');
  b.paragraphs.push(t('mail.pd_record.intro'));
  b.links.push({ label: t('mail.pd_record.link'), url: `${baseUrl}/certificates/${token}?lang=${lang}` });
  b.notes.push(t('mail.pd_record.valid'));
  b.after.push(t('mail.pd_record.notYou'));
  return b;
}

const BODIES: Partial<Record<MessageKind, (c: BodyContext) => Promise<Body | null>>> = {
  registration_received: registrationReceived,
  seat_switched: seatSwitched,
  promoted,
  seat_added: seatAdded,
  seat_cancelled: cancelled,
  registration_cancelled: cancelled,
  session_changed: sessionChanged,
  reminder,
  announcement,
  certificate_issued: certificateIssued,
  manage_link: manageLink,
  address_confirm: addressConfirm,
  registered_again: registeredAgain,
  place_offered: placeOffered,
  group_swapped_out: groupSwappedOut,
  address_action: addressAction,
};

/** The body of a message of this kind, or null when it no longer applies (or the kind has none). */
export function bodyOf(c: BodyContext): Promise<Body | null> {
  return BODIES[c.kind]?.(c) ?? Promise.resolve(null);
}
