import path from 'node:path';
import ejs from 'ejs';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { seatEntry } from '../calendar/feeds.js';
import { buildCalendar } from '../calendar/ics.js';
import type { Database } from '../db/database.js';
import { loadProgramme } from '../db/programme.js';
import { findRegistrationById, seatsOf } from '../db/registrations.js';
import { linkParts } from '../domain/links.js';
import type { Lang } from '../domain/time.js';
import type { Programme, Registration, Seat } from '../domain/types.js';
import { joinCodesOf } from '../db/joinCodes.js';
import { hasJoinLink } from '../domain/joinLink.js';
import { translator, type Translate } from '../i18n/index.js';
import { APP_ROOT } from '../paths.js';
import { TokenVault } from '../security/tokens.js';
import { bodyOf, groupBody, pdRecordBody, type Body } from './bodies.js';
import { groupSummary } from '../db/groups.js';
import { confirmsAddress } from '../domain/types.js';
import type { MessageKind } from './outbox.js';
import type { CertificateSeal } from '../documents/seal.js';

const TEMPLATE = path.join(APP_ROOT, 'views', 'emails', 'message.ejs');

/** What may go to an address that has not confirmed its registration: fixed text, no name. */
const FIXED_TEXT_WHILE_PENDING: ReadonlySet<MessageKind> = new Set([
  'address_confirm',
  'registered_again',
  'manage_link',
  'place_offered',
]);

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
  /** ADDRESS_CONFIRMATION, for events that do not say (what a group's message may tell). */
  addressConfirmation?: boolean;
  /** The e-seal on certificate attachments; null or absent: unsealed. */
  certificateSeal?: CertificateSeal | null;
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
    if (row.kind === 'group_registered') return this.group(row, t, payload, now);
    if (row.kind === 'pd_record_link') return this.record(row, t, payload, now, opts.preview === true);
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
    // Until the address confirms the registration, it gets only messages of fixed text:
    // nothing a stranger typed (a name, answers) reaches an address that never asked for it.
    const pending = registration.addressState === 'pending';
    if (pending && !FIXED_TEXT_WHILE_PENDING.has(row.kind)) return null;
    const body = await bodyOf({
      kind: row.kind,
      t,
      lang,
      registration,
      programme,
      seats,
      payload,
      deps: this.deps,
      now,
    });
    if (!body) return null;
    body.plain ||= pending;
    // A cancellation needs no way in; a person swapped out of a group must not get the new person's.
    if (manageUrl && row.kind !== 'registration_cancelled' && row.kind !== 'group_swapped_out') {
      body.links.push({ label: t(body.manageLabel ?? 'mail.manageLink'), url: manageUrl });
      body.notes.push(t('mail.manageHint'));
    }
    return this.message(row, body.attendee ?? registration, programme, body, t, lang, now);
  }

  /** To a group's coordinator: the people by address, their places, and the group's page. */
  private async group(
    row: OutboxRow,
    t: Translate,
    payload: Record<string, unknown>,
    now: Date,
  ): Promise<Mail.Options | null> {
    const summary = await groupSummary(this.deps.db, this.deps.tokens, Number(payload.groupId));
    if (!summary?.token) return null;
    const body = groupBody(summary, t, row.language, this.deps.baseUrl, this.awaiting(summary.programme));
    return this.message(row, { name: '', email: row.to_email }, summary.programme, body, t, row.language, now);
  }

  /** To an address holding certificates: the link to its record of them all (no event, no registration). */
  private async record(
    row: OutboxRow,
    t: Translate,
    payload: Record<string, unknown>,
    now: Date,
    preview: boolean,
  ): Promise<Mail.Options | null> {
    // An organizer's preview shows where the link goes, never the link itself.
    const sealed = typeof payload.sealed === 'string' ? this.deps.tokens.unseal(payload.sealed) : null;
    const body = pdRecordBody(t, row.language, this.deps.baseUrl, sealed && preview ? '…' : sealed);
    if (!body) return null;
    return this.message(row, { name: '', email: row.to_email }, null, body, t, row.language, now);
  }

  /** Whether the event confirms addresses (the composer knows the server's default). */
  private awaiting(programme: Programme): boolean {
    return confirmsAddress(programme.event, this.deps.addressConfirmation ?? true);
  }

  private async message(
    row: OutboxRow,
    registration: Pick<Registration, 'name' | 'email'>,
    programme: Programme | null,
    body: Body,
    t: Translate,
    lang: Lang,
    now: Date,
  ): Promise<Mail.Options> {
    const subject = oneLine(body.subject);
    const manageUrl = body.links.find((l) => l.label === t(body.manageLabel ?? 'mail.manageLink'))?.url ?? null;
    let icalEvent: Mail.Options['icalEvent'];
    const invites: Mail.Attachment[] = [];
    if (programme && body.calendar && body.calendar.seats.length > 0) {
      const { method, bump } = body.calendar;
      const joinUrls = method === 'REQUEST' ? await this.joinUrls(programme, body.calendar.seats, lang) : null;
      const entries = body.calendar.seats.flatMap((seat) => {
        const session = programme.sessions.find((s) => s.id === seat.sessionId);
        return session
          ? [seatEntry(programme, session, seat, lang, this.deps, manageUrl, bump ?? 0, joinUrls?.get(seat.id) ?? null)]
          : [];
      });
      // One invite per seat (one UID each): Outlook and Gmail act on one event of an invite.
      // The first is the message's text/calendar alternative; each further one a text/calendar
      // attachment of its own, with its METHOD in the content type as RFC 6047 asks.
      const [first, ...more] = entries.map((entry) =>
        buildCalendar({
          method,
          name: programme.event.title[lang],
          timezone: programme.event.timezone,
          organizer: parseAddress(this.deps.mailFrom),
          attendee: { name: registration.name, email: row.to_email },
          entry,
          now,
        }),
      );
      if (first) icalEvent = { method: method.toLowerCase(), filename: 'invite.ics', content: first };
      more.forEach((content, i) =>
        invites.push({
          filename: `invite-${i + 2}.ics`,
          content,
          contentType: `text/calendar; charset=utf-8; method=${method}`,
        }),
      );
      const many = more.length > 0;
      body.notes.unshift(
        t(
          body.calendar.method === 'CANCEL'
            ? many
              ? 'mail.calendarCancelHintMany'
              : 'mail.calendarCancelHint'
            : body.calendar.replaces
              ? 'mail.calendarReplaceHint'
              : many
                ? 'mail.calendarHintMany'
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
      greeting: body.plain ? t('mail.greetingPlain') : t('mail.greeting', { name: registration.name }),
      signature: t('mail.signature'),
      privacy: this.privacyLink(t, lang),
    };
    const html = await ejs.renderFile(TEMPLATE, vm, { cache: true });
    return {
      from: this.deps.mailFrom,
      ...(this.deps.replyTo ? { replyTo: this.deps.replyTo } : {}),
      to: body.plain ? row.to_email : { name: oneLine(registration.name), address: row.to_email },
      subject,
      text: plainText(vm),
      html,
      messageId: row.message_id,
      date: new Date(row.created_at),
      headers: { 'Auto-Submitted': 'auto-generated', ...this.unsubscribeHeaders(row) },
      ...(icalEvent ? { icalEvent } : {}),
      ...(body.attachments || invites.length > 0 ? { attachments: [...invites, ...(body.attachments ?? [])] } : {}),
    };
  }

  /** The person's own join link of each confirmed seat held online: an invite's URL. */
  private async joinUrls(programme: Programme, seats: readonly Seat[], lang: Lang): Promise<Map<number, string>> {
    const joinable = seats.filter((seat) => {
      const session = programme.sessions.find((s) => s.id === seat.sessionId);
      return seat.status === 'confirmed' && session !== undefined && hasJoinLink(session);
    });
    const codes = await joinCodesOf(
      this.deps.db.knex,
      this.deps.tokens,
      joinable.map((s) => s.id),
    );
    const suffix = lang === 'en' ? '?lang=en' : '';
    return new Map([...codes].map(([id, code]) => [id, `${this.deps.baseUrl}/j/${code}${suffix}`]));
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
  // One colon: a label that has one of its own ("Sesija: …") is not given a second.
  for (const l of vm.links) lines.push(l.label.includes(':') ? l.label : `${l.label}:`, l.url, '');
  for (const n of vm.notes) lines.push(n, '');
  lines.push(vm.signature, '', `${vm.privacy.label}: ${vm.privacy.url}`);
  return `${lines.join('\n')}\n`;
}

export const templatePath = path.dirname(TEMPLATE);
