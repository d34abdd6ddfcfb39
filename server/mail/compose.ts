import path from 'node:path';
import ejs from 'ejs';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { seatEntry } from '../calendar/feeds.js';
import { buildCalendar, type CalendarMethod } from '../calendar/ics.js';
import type { Database } from '../db/database.js';
import { documentOf, pdfFilename, verifyUrlOf } from '../certificates/document.js';
import { renderCertificatePdf } from '../certificates/pdf.js';
import { findCertificate } from '../db/certificates.js';
import { joinCodesOf } from '../db/joinCodes.js';
import { loadProgramme } from '../db/programme.js';
import { hoursPhrase } from '../domain/certificates.js';
import { hasJoinLink } from '../domain/joinLink.js';
import { findRegistrationById, seatsOf } from '../db/registrations.js';
import { seatPositions } from '../db/waitlistPositions.js';
import { linkParts } from '../domain/links.js';
import { formatRange, formatRangeAt, type Lang } from '../domain/time.js';
import type { Programme, Registration, Seat } from '../domain/types.js';
import { translator, type MessageKey, type Translate } from '../i18n/index.js';
import { APP_ROOT } from '../paths.js';
import { TokenVault } from '../security/tokens.js';
import type { MessageKind } from './outbox.js';

const TEMPLATE = path.join(APP_ROOT, 'views', 'emails', 'message.ejs');

export interface OutboxRow {
  id: number;
  kind: MessageKind;
  to_email: string;
  language: Lang;
  registration_id: number | null;
  payload: string;
  message_id: string;
  created_at: string;
}

export interface ComposerDeps {
  db: Database;
  tokens: TokenVault;
  baseUrl: string;
  mailFrom: string;
  /** Reply-To of every message: the organizers' contact. */
  replyTo?: string | null;
  mailDomain: string;
}

interface Body {
  subject: string;
  paragraphs: string[];
  seats: { title: string; when: string; where?: string | null; status: string }[];
  after: string[];
  links: { label: string; url: string }[];
  notes: string[];
  /** `replaces`: the invitation updates an entry the person has (a switch) rather than adding one. */
  calendar?: { method: CalendarMethod; seats: Seat[]; bump?: number; replaces?: boolean };
  attachments?: Mail.Attachment[];
}

/** "Name <address>" -> parts, for the ICS ORGANIZER. */
export function parseAddress(from: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*)"?\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: (m[1] ?? '').trim(), email: (m[2] ?? '').trim() } : { name: from, email: from };
}

/** No header may carry a line break, whatever an organizer typed into a title. */
const oneLine = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

/**
 * Turns an outbox row into a message: subject, HTML and text in the person's language,
 * and a calendar part built from the database as it is now. Returns null when the
 * message no longer applies (e.g. a promotion whose seat was cancelled since).
 */
export class Composer {
  private readonly programmes = new Map<number, Programme>();

  constructor(private readonly deps: ComposerDeps) {}

  /** Forget cached programmes (they change when organizers edit sessions). */
  reset(): void {
    this.programmes.clear();
  }

  private async programme(eventId: number): Promise<Programme | null> {
    const cached = this.programmes.get(eventId);
    if (cached) return cached;
    const p = await loadProgramme(this.deps.db, { id: eventId });
    if (p) this.programmes.set(eventId, p);
    return p;
  }

  /** `preview`: for an organizer's eyes; the person's private link is masked. */
  async compose(row: OutboxRow, now: Date, opts: { preview?: boolean } = {}): Promise<Mail.Options | null> {
    const lang = row.language;
    const t = translator(lang);
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if (row.registration_id === null) return this.plain(row, t, payload);

    const registration = await findRegistrationById(this.deps.db.knex, row.registration_id);
    if (!registration) return null;
    const programme = await this.programme(registration.eventId);
    if (!programme) return null;
    const seats = await seatsOf(this.deps.db.knex, registration.id);
    const token = this.deps.tokens.unseal(registration.tokenSealed);
    // the link opens the manage page in the person's language (the switch there still works)
    const manageUrl = token
      ? `${this.deps.baseUrl}/r/${opts.preview ? '…' : token}?lang=${registration.language}`
      : null;
    const ctx = { t, lang, registration, programme, seats, payload, manageUrl };

    const body = await this.body(row.kind, ctx);
    if (!body) return null;
    if (manageUrl && row.kind !== 'registration_cancelled') {
      body.links.push({ label: t('mail.manageLink'), url: manageUrl });
      body.notes.push(t('mail.manageHint'));
    }
    return this.message(row, registration, programme, body, t, lang, now);
  }

  private async body(kind: MessageKind, c: ComposeContext): Promise<Body | null> {
    const { t, programme, seats, payload } = c;
    const event = programme.event.title[c.lang];
    const seatById = (id: unknown) => seats.find((s) => s.id === Number(id));
    const session = (seat: Seat | undefined) => programme.sessions.find((s) => s.id === seat?.sessionId);
    const empty = (): Body => ({ subject: '', paragraphs: [], seats: [], after: [], links: [], notes: [] });

    switch (kind) {
      case 'registration_received': {
        const active = seats.filter((s) => s.status !== 'cancelled');
        const positions = await seatPositions(this.deps.db.knex, active, programme);
        const b = empty();
        b.subject = t('mail.registration_received.subject', { event });
        const single = programme.event.kind === 'single';
        b.paragraphs.push(
          t(single ? 'mail.registration_received.introSingle' : 'mail.registration_received.intro', { event }),
        );
        b.seats = active.map((s) => this.seatLine(c, s, positions.get(s.id) ?? null));
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
      case 'seat_switched': {
        const seat = seatById(payload.seatId);
        const s = session(seat);
        const old = seatById(payload.cancelledSeatId);
        if (!seat || !s || seat.status !== 'confirmed') return null;
        const b = empty();
        const title = s.title[c.lang];
        const from = session(old)?.title[c.lang] ?? '';
        b.subject = t('mail.seat_switched.subject', { session: title });
        const intro = !from
          ? 'mail.seat_switched.intro'
          : payload.byOrganizer === true
            ? 'mail.seat_switched.introOrganizer'
            : 'mail.seat_switched.introFrom';
        b.paragraphs.push(t(intro, { session: title, from }));
        b.seats = [this.seatLine(c, seat, null)];
        b.calendar = { method: 'REQUEST', seats: [seat], replaces: old?.confirmedAt != null };
        return b;
      }
      case 'promoted': {
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
          b.seats = held.map((x) => this.seatLine(c, x, null));
          b.calendar = { method: 'REQUEST', seats: held };
          return b;
        }
        const seat = seatById(payload.seatId);
        const s = session(seat);
        if (!seat || !s || seat.status !== 'confirmed') return null;
        const b = empty();
        const title = s.title[c.lang];
        b.subject = t(`mail.${kind}.subject`, { session: title });
        b.paragraphs.push(t(`mail.${kind}.intro`, { session: title }));
        b.seats = [this.seatLine(c, seat, null)];
        b.calendar = { method: 'REQUEST', seats: [seat] };
        return b;
      }
      case 'seat_added': {
        const seat = seatById(payload.seatId);
        const s = session(seat);
        if (!seat || !s || seat.status === 'cancelled') return null;
        const positions = await seatPositions(this.deps.db.knex, [seat], programme);
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
        b.seats = [this.seatLine(c, seat, positions.get(seat.id) ?? null)];
        if (waiting)
          b.after.push(
            t(seminar ? 'mail.registration_received.waitlistSeminar' : 'mail.registration_received.waitlist'),
          );
        else b.calendar = { method: 'REQUEST', seats: [seat] };
        return b;
      }
      case 'seat_cancelled':
      case 'registration_cancelled': {
        const ids = Array.isArray(payload.seatIds) ? payload.seatIds.map(Number) : [];
        const gone = seats.filter((s) => ids.includes(s.id));
        const first = session(gone.find((s) => session(s)?.kind !== 'plenary') ?? gone[0]);
        const b = empty();
        b.subject = t(`mail.${kind}.subject`, { event, session: first?.title[c.lang] ?? event });
        b.paragraphs.push(t(`mail.${kind}.intro`, { event }));
        b.seats = gone.map((s) => this.seatLine(c, s, null));
        // Only seats that were once confirmed ever had a calendar entry to cancel.
        b.calendar = { method: 'CANCEL', seats: gone.filter((s) => s.confirmedAt !== null), bump: 1 };
        return b;
      }
      case 'session_changed': {
        const seat = seatById(payload.seatId);
        const s = session(seat);
        if (!seat || !s) return null;
        const cancelled = payload.change === 'cancelled';
        if (!cancelled && seat.status !== 'confirmed') return null;
        const b = empty();
        const vars = {
          session: s.title[c.lang],
          when: formatRange(s.startsAt, s.endsAt, c.lang, programme.event.timezone),
        };
        b.subject = t(cancelled ? 'mail.session_cancelled.subject' : 'mail.session_moved.subject', vars);
        b.paragraphs.push(t(cancelled ? 'mail.session_cancelled.intro' : 'mail.session_moved.intro', vars));
        if (typeof payload.message === 'string' && payload.message.trim() !== '') {
          b.paragraphs.push(t('mail.organizerMessage'));
          b.paragraphs.push(
            ...payload.message
              .split(/\r?\n\s*\r?\n/)
              .map((p) => p.trim())
              .filter(Boolean),
          );
        }
        // A waitlisted seat never had a calendar entry, so it gets no CANCEL either.
        b.calendar = { method: cancelled ? 'CANCEL' : 'REQUEST', seats: seat.confirmedAt !== null ? [seat] : [] };
        return b;
      }
      case 'reminder': {
        const seat = seatById(payload.seatId);
        const s = session(seat);
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
        const code = hasJoinLink(s)
          ? (await joinCodesOf(this.deps.db.knex, this.deps.tokens, [seat.id])).get(seat.id)
          : null;
        if (code) {
          b.links.push({
            label: t(s.kind === 'plenary' ? 'pd.mail.joinStream' : 'pd.mail.joinMeeting'),
            // The page that explains an early or late click speaks the person's language.
            url: `${this.deps.baseUrl}/j/${code}${c.lang === 'en' ? '?lang=en' : ''}`,
          });
          b.notes.push(t('mail.reminder.joinHint'));
        }
        return b;
      }
      case 'announcement': {
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
      case 'certificate_issued': {
        // Only a certificate still valid when the message goes out is sent.
        const cert = await findCertificate(this.deps.db.knex, Number(payload.certificateId));
        if (!cert || cert.status !== 'valid' || cert.registrationId !== c.registration.id) return null;
        const b = empty();
        const hours = hoursPhrase(cert.hoursTenths, c.lang);
        b.subject = t('pd.mail.cert.subject', { event });
        b.paragraphs.push(t('pd.mail.cert.intro', { event, hours, number: cert.numberText }));
        b.links.push({ label: t('pd.mail.cert.verify'), url: verifyUrlOf(this.deps.baseUrl, cert.verifyCode) });
        b.notes.push(t('pd.mail.cert.keep'));
        b.attachments = [
          {
            filename: pdfFilename(cert),
            content: await renderCertificatePdf(documentOf(cert, this.deps.baseUrl)),
            contentType: 'application/pdf',
          },
        ];
        return b;
      }
      case 'manage_link': {
        const b = empty();
        const rotated = payload.rotated === true;
        b.subject = t(rotated ? 'mail.new_link.subject' : 'mail.manage_link.subject', { event });
        b.paragraphs.push(t(rotated ? 'mail.new_link.intro' : 'mail.manage_link.intro', { event }));
        return b;
      }
      default:
        return null;
    }
  }

  private seatLine(c: ComposeContext, seat: Seat, position: number | null) {
    const s = c.programme.sessions.find((x) => x.id === seat.sessionId);
    const status =
      seat.status === 'waitlisted'
        ? c.t('mail.seat.waitlisted', { position: position ?? '?' })
        : c.t(`mail.seat.${seat.status}` as MessageKey);
    // A single-session event's e-mails say where it is held: a school's address, or online.
    const where =
      s && c.programme.event.kind === 'single'
        ? s.place
          ? [s.place, s.address].filter(Boolean).join(', ')
          : c.t('seminars.online')
        : null;
    return {
      title: s?.title[c.lang] ?? '',
      when: s ? formatRange(s.startsAt, s.endsAt, c.lang, c.programme.event.timezone) : '',
      where,
      status,
    };
  }

  private async message(
    row: OutboxRow,
    registration: Registration,
    programme: Programme,
    body: Body,
    t: Translate,
    lang: Lang,
    now: Date,
  ): Promise<Mail.Options> {
    const subject = oneLine(body.subject);
    const manageUrl = body.links.find((l) => l.label === t('mail.manageLink'))?.url ?? null;
    let icalEvent: Mail.Options['icalEvent'];
    if (body.calendar && body.calendar.seats.length > 0) {
      const entries = body.calendar.seats.flatMap((seat) => {
        const session = programme.sessions.find((s) => s.id === seat.sessionId);
        return session
          ? [seatEntry(programme, session, seat, lang, this.deps, manageUrl, body.calendar?.bump ?? 0)]
          : [];
      });
      const content = buildCalendar({
        method: body.calendar.method,
        name: programme.event.title[lang],
        timezone: programme.event.timezone,
        organizer: parseAddress(this.deps.mailFrom),
        attendee: { name: registration.name, email: registration.email },
        entries,
        now,
      });
      icalEvent = { method: body.calendar.method.toLowerCase(), filename: 'invite.ics', content };
      body.notes.unshift(
        t(
          body.calendar.method === 'CANCEL'
            ? 'mail.calendarCancelHint'
            : body.calendar.replaces
              ? 'mail.calendarReplaceHint'
              : 'mail.calendarHint',
        ),
      );
    }
    const vm = {
      ...body,
      parts: linkParts,
      lang,
      subject,
      brand: t('site.name'),
      greeting: t('mail.greeting', { name: registration.name }),
      signature: t('mail.signature'),
      privacy: this.privacyLink(t, lang),
    };
    const html = await ejs.renderFile(TEMPLATE, vm, { cache: true });
    return {
      from: this.deps.mailFrom,
      ...(this.deps.replyTo ? { replyTo: this.deps.replyTo } : {}),
      to: { name: oneLine(registration.name), address: row.to_email },
      subject,
      text: plainText(vm),
      html,
      messageId: row.message_id,
      date: new Date(row.created_at),
      headers: { 'Auto-Submitted': 'auto-generated', ...this.unsubscribeHeaders(row) },
      ...(icalEvent ? { icalEvent } : {}),
      ...(body.attachments ? { attachments: body.attachments } : {}),
    };
  }

  /**
   * Bulk mail (announcements) can be stopped in one click (RFC 8058): the address stops
   * announcements to that person, never their confirmations or session changes.
   */
  private unsubscribeHeaders(row: OutboxRow): Record<string, string> {
    if (row.kind !== 'announcement') return {};
    const code = (JSON.parse(row.payload) as { unsubscribe?: unknown }).unsubscribe;
    if (typeof code !== 'string' || !/^\d+\.[A-Za-z0-9_-]+$/.test(code)) return {};
    return {
      'List-Unsubscribe': `<${this.deps.baseUrl}/u/${code}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      Precedence: 'bulk',
    };
  }

  /** Every message ends with a link to the privacy notice, in the language of the message. */
  private privacyLink(t: Translate, lang: Lang): { label: string; url: string } {
    return { label: t('mail.privacy'), url: `${this.deps.baseUrl}/privacy?lang=${lang}` };
  }

  /** Messages without a registration (announcements to a list and the like). */
  private plain(row: OutboxRow, t: Translate, payload: Record<string, unknown>): Mail.Options | null {
    const subject = typeof payload.subject === 'string' ? oneLine(payload.subject) : null;
    const text = typeof payload.text === 'string' ? payload.text : null;
    if (!subject || !text) return null;
    const privacy = this.privacyLink(t, row.language);
    return {
      from: this.deps.mailFrom,
      ...(this.deps.replyTo ? { replyTo: this.deps.replyTo } : {}),
      to: row.to_email,
      subject,
      text: `${text}\n\n${t('mail.signature')}\n\n${privacy.label}: ${privacy.url}\n`,
      messageId: row.message_id,
    };
  }
}

interface ComposeContext {
  t: Translate;
  lang: Lang;
  registration: Registration & { tokenSealed: string };
  programme: Programme;
  seats: Seat[];
  payload: Record<string, unknown>;
  manageUrl: string | null;
}

function plainText(vm: {
  greeting: string;
  paragraphs: string[];
  seats: { title: string; when: string; where?: string | null; status: string }[];
  after: string[];
  links: { label: string; url: string }[];
  notes: string[];
  signature: string;
  privacy: { label: string; url: string };
}): string {
  const lines = [vm.greeting, '', ...vm.paragraphs.flatMap((p) => [p, ''])];
  for (const s of vm.seats)
    lines.push(`- ${s.title}`, `  ${s.when} — ${s.status}`, ...(s.where ? [`  ${s.where}`] : []));
  if (vm.seats.length > 0) lines.push('');
  for (const p of vm.after) lines.push(p, '');
  for (const l of vm.links) lines.push(`${l.label}:`, l.url, '');
  for (const n of vm.notes) lines.push(n, '');
  lines.push(vm.signature, '', `${vm.privacy.label}: ${vm.privacy.url}`);
  return `${lines.join('\n')}\n`;
}

export const templatePath = path.dirname(TEMPLATE);
