import { googleCalendarUrl, outlookCalendarUrl } from '../../calendar/ics.js';
import { whereLine } from '../../domain/where.js';
import { translator } from '../../i18n/index.js';
import { Availability } from '../../domain/availability.js';
import { joinLinkFrom } from '../../domain/stream.js';
import { coverageOf, registrationOpen, takenWhole } from '../../domain/types.js';
import { choosableSessions, type RegistrationView } from './register.js';
import { refusalToAdd } from './addSeat.js';
import type { MessageKey } from '../../i18n/index.js';
import { answerText, askedQuestions } from '../../domain/questions.js';
import { answerFormValue, questionVMs } from './eventViewModels.js';
import type { SeatView, Session } from '../../domain/types.js';

/** What the manage page shows: each seat with its session, and where it may move. */
export function manageVM(
  view: RegistrationView,
  lang: 'lv' | 'en',
  now: Date,
  joinPaths: ReadonlyMap<number, string> = new Map(),
  baseUrl = '',
) {
  const { registration, programme, seats, answers } = view;
  const onlineWord = translator(lang)('seminars.online');
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  // Until the address confirms it, a registration can be confirmed or cancelled, nothing more.
  const pending = registration.addressState === 'pending' && registration.status === 'active';
  const open = registrationOpen(programme.event, now) && registration.status === 'active' && !pending;
  const held = new Set(seats.filter((s) => s.status !== 'cancelled').map((s) => s.sessionId));
  const choosable = choosableSessions(programme, registration.regionId);
  const heldList = [...held];
  // What may be added: on offer in the region, not begun, not held, at no time already taken.
  const addable = open
    ? choosable
        .filter((c) => refusalToAdd(programme, registration, heldList, c.id, now) === null)
        .map((c) => ({
          id: c.id,
          kind: c.kind,
          title: c.title[lang],
          startsAt: c.startsAt,
          endsAt: c.endsAt,
          where: whereLine(c, onlineWord),
          available: availability.isAvailable(c.id),
        }))
    : [];
  const asked = askedQuestions(programme.questions);
  // What the person answered: every question asked now, and those no longer asked that they answered.
  const answered = [...asked, ...programme.questions.filter((q) => q.status === 'archived' && answers.has(q.id))].map(
    (q) => ({
      label: q.label[lang] || q.label.lv,
      text: answerText(q, answers.get(q.id), lang),
    }),
  );
  return {
    addable,
    answers: answered,
    /** The questions the person may answer anew now (registration open, registration active). */
    questions: open ? questionVMs(programme.questions, lang) : [],
    /** Questions asked, but registration is closed: the answers stay as they are. */
    answersLocked: !open && registration.status === 'active' && asked.length > 0,
    /** The form's values: the stored answers, as the form sends them. */
    answerValues: Object.fromEntries(
      asked.filter((q) => answers.has(q.id)).map((q) => [`q${q.id}`, answerFormValue(answers.get(q.id)!, lang)]),
    ) as Record<string, string | string[]>,
    token: '',
    /** The address has not confirmed the registration yet: the page asks it to, first of all. */
    pending,
    /** When held places end unless confirmed (in the event's zone, as a moment). */
    confirmBy: pending && registration.confirmBy ? registration.confirmBy : null,
    name: registration.name,
    email: registration.email,
    status: registration.status,
    event: { slug: programme.event.slug, title: programme.event.title[lang], kind: programme.event.kind },
    region: programme.regions.find((r) => r.id === registration.regionId)?.name[lang] ?? registration.regionId,
    open,
    seats: seats
      .filter((s) => s.status !== 'cancelled')
      .map((seat) => {
        const session = sessionOf.get(seat.sessionId);
        // An offered place is accepted or declined, nothing else (its own buttons).
        const offered = seat.status === 'offered';
        const alternatives =
          open && !offered && session && session.kind !== 'plenary'
            ? choosable
                .filter((c) => c.id !== session.id && !held.has(c.id) && c.startsAt === session.startsAt)
                .map((c) => ({ id: c.id, title: c.title[lang], available: availability.isAvailable(c.id) }))
            : [];
        // The personal join link (never the meeting URL itself): shown to a confirmed
        // seat at any time, with the moment it starts leading to the session.
        const joinPath = registration.status === 'active' ? joinPaths.get(seat.id) : undefined;
        const where = session ? whereLine(session, onlineWord) : null;
        // Google's and Outlook's entries say where, and an online one carries the join link.
        const calendarEntry = session && {
          summary: session.title[lang],
          description: [programme.event.title[lang], joinPath ? `${baseUrl}${joinPath}` : '']
            .filter(Boolean)
            .join('\n\n'),
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          location: where,
        };
        const calendar =
          seat.status === 'confirmed' && calendarEntry
            ? {
                google: googleCalendarUrl(calendarEntry, programme.event.timezone),
                outlook: outlookCalendarUrl(calendarEntry),
              }
            : null;
        const join =
          joinPath && session
            ? { path: joinPath, from: joinLinkFrom(session, programme.event), ended: now >= new Date(session.endsAt) }
            : null;
        return {
          id: seat.id,
          status: seat.status,
          /** Until when a held or offered place waits. */
          expiresAt: seat.status === 'held' || seat.status === 'offered' ? seat.expiresAt : null,
          calendar,
          join,
          streamPath:
            session?.kind === 'plenary' && session.regionId
              ? `/events/${programme.event.slug}/live/${session.regionId}`
              : null,
          waitlistPosition: seat.waitlistPosition,
          kind: session?.kind ?? 'workshop',
          title: session?.title[lang] ?? '',
          startsAt: session?.startsAt ?? '',
          endsAt: session?.endsAt ?? '',
          place: session?.place ?? null,
          address: session?.address ?? null,
          /** Where, as one line: the place and its address, or online. */
          where,
          // A course's or a single event's seat goes only with the whole registration.
          cancellable: open && !offered && session?.kind !== 'plenary' && !takenWhole(programme.event),
          alternatives,
        };
      }),
  };
}

export type ConfirmAction =
  'cancelSeat' | 'cancelAll' | 'delete' | 'decline' | 'newLink' | 'switch' | 'withdrawSpecial';

/** A certificate the confirmation step names before an erasure, with where its PDF downloads. */
export interface ConfirmCertificate {
  number: string;
  hoursTenths: number;
  event: string;
  pdfUrl: string;
}

/**
 * The valid certificates an erasure keeps valid (every certificate stays in the register
 * of issued certificates as it is), for the confirmation step: the person downloads their
 * PDFs there, since after the erasure no link of theirs leads to them.
 */
export function certificatesToKeep(
  certificates: readonly {
    id: number;
    numberText: string;
    hoursTenths: number;
    status: string;
    content: { event: { title: Record<'lv' | 'en', string> } };
  }[],
  pdfPath: (id: number) => string,
  lang: 'lv' | 'en',
): ConfirmCertificate[] {
  return certificates
    .filter((c) => c.status === 'valid')
    .map((c) => ({
      number: c.numberText,
      hoursTenths: c.hoursTenths,
      event: c.content.event.title[lang],
      pdfUrl: pdfPath(c.id),
    }));
}

/**
 * The confirmation step of a destructive action on the manage page: what will happen, to
 * what, in plain words; where the form goes and the way back.
 */
export function confirmVM(
  view: RegistrationView,
  action: ConfirmAction,
  target: { seat: SeatView; session: Session; cancelsAll: boolean } | null,
  token: string,
  lang: 'lv' | 'en',
  switchTo: Session | null = null,
  certificates: readonly ConfirmCertificate[] = [],
) {
  const { registration, programme, seats } = view;
  const event = programme.event.title[lang];
  const titleOf = (id: number): string => programme.sessions.find((s) => s.id === id)?.title[lang] ?? '';
  const held = registration.status === 'active' ? seats.filter((s) => s.status !== 'cancelled') : [];
  type Line = { key: MessageKey; vars?: Record<string, string | number> };
  const lines: Line[] = [];
  let heading: Line;
  let submit: MessageKey;
  let action_ = `/r/${token}/cancel`;
  let sessions: string[] = [];
  let hidden: { name: string; value: string }[] = [];
  if (action === 'switch' && target && switchTo) {
    const vars = { from: target.session.title[lang], session: switchTo.title[lang] };
    heading = { key: 'confirm.switch.heading', vars };
    action_ = `/r/${token}/seats/${target.seat.id}/switch`;
    hidden = [{ name: 'sessionId', value: String(switchTo.id) }];
    if (target.seat.status === 'waitlisted')
      lines.push({ key: 'confirm.seat.waitlisted', vars: { position: target.seat.waitlistPosition ?? 0 } });
    else lines.push({ key: 'confirm.switch.what', vars });
    // Only a place once confirmed has a calendar entry, which the new session's replaces.
    if (target.seat.confirmedAt !== null) lines.push({ key: 'confirm.switch.calendar' });
    lines.push({ key: 'confirm.mail', vars: { email: registration.email ?? '' } });
    submit = 'confirm.switch.submit';
  } else if (action === 'withdrawSpecial') {
    heading = { key: 'esf.withdraw.heading' };
    action_ = `/r/${token}/participant-data/withdraw`;
    lines.push({ key: 'esf.withdraw.what' });
    submit = 'esf.withdraw.submit';
  } else if (action === 'newLink') {
    heading = { key: 'confirm.newLink.heading' };
    action_ = `/r/${token}/new-link`;
    lines.push({ key: 'confirm.newLink.what', vars: { email: registration.email ?? '' } });
    lines.push({ key: 'confirm.newLink.feed' });
    lines.push({ key: 'confirm.newLink.lost' });
    submit = 'confirm.newLink.submit';
  } else if (action === 'decline' && target) {
    heading = { key: 'confirm.decline.heading', vars: { session: target.session.title[lang] } };
    action_ = `/r/${token}/seats/${target.seat.id}/decline`;
    lines.push({ key: takenWhole(programme.event) ? 'confirm.decline.course' : 'confirm.decline.what' });
    lines.push({ key: 'confirm.mail', vars: { email: registration.email ?? '' } });
    submit = 'confirm.decline.submit';
  } else if (action === 'cancelSeat' && target) {
    const seminar = target.session.kind === 'seminar';
    // A single-session event's one session is the whole event: neither a workshop nor a seminar.
    const single = programme.event.kind === 'single';
    heading = {
      key: single ? 'confirm.seatSingle.heading' : seminar ? 'confirm.seatSeminar.heading' : 'confirm.seat.heading',
      vars: { session: target.session.title[lang] },
    };
    action_ = `/r/${token}/seats/${target.seat.id}/cancel`;
    if (target.seat.status === 'waitlisted')
      lines.push({ key: 'confirm.seat.waitlisted', vars: { position: target.seat.waitlistPosition ?? 0 } });
    else lines.push({ key: 'confirm.seat.confirmed' });
    lines.push(target.cancelsAll ? { key: 'confirm.seat.lastOne' } : { key: 'confirm.seat.othersStay' });
    lines.push({ key: 'confirm.mail', vars: { email: registration.email ?? '' } });
    lines.push({ key: 'confirm.seat.again' });
    submit = single ? 'confirm.seatSingle.submit' : seminar ? 'confirm.seatSeminar.submit' : 'confirm.seat.submit';
  } else if (action === 'cancelAll') {
    heading = { key: 'confirm.cancelAll.heading', vars: { event } };
    sessions = held.map((s) => titleOf(s.sessionId));
    lines.push({ key: 'confirm.cancelAll.places' });
    lines.push({ key: 'confirm.mail', vars: { email: registration.email ?? '' } });
    lines.push({ key: 'confirm.cancelAll.again' });
    submit = 'confirm.cancelAll.submit';
  } else {
    heading = { key: 'confirm.delete.heading' };
    action_ = `/r/${token}/delete`;
    sessions = held.map((s) => titleOf(s.sessionId));
    lines.push({ key: held.length > 0 ? 'confirm.delete.places' : 'confirm.delete.noPlaces' });
    lines.push({ key: 'confirm.delete.data' });
    if (certificates.length > 0) lines.push({ key: 'confirm.delete.certificatesKept' });
    submit = 'confirm.delete.submit';
  }
  return {
    heading,
    lines,
    sessions,
    certificates: action === 'delete' ? certificates : [],
    action: action_,
    hidden,
    submit,
    downloadUrl: action === 'delete' ? `/r/${token}/data.json` : null,
    backUrl: `/r/${token}`,
  };
}
