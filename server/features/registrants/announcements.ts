import { createHmac, timingSafeEqual } from 'node:crypto';
import { listRegistrants, type RegistrantFilter } from '../../db/registrants.js';
import { AppError, invalid, type FieldErrors } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import type { Lang } from '../../domain/time.js';
import { Composer, type OutboxRow } from '../../mail/compose.js';
import { enqueue } from '../../mail/outbox.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

/** An announcement: Latvian, and English where given (English readers get Latvian otherwise). */
export interface Announcement {
  subject: string;
  text: string;
  subjectEn?: string;
  textEn?: string;
}

// The e-mail greets and signs off in each reader's language: a text that does it too would
// reach people with two greetings (or a Latvian one under an English "Hello").
const GREETING =
  /^(labdien|labrīt|labvakar|sveiki|sveicināt|cien(ījam|ītā|ītais)|dārg|hello|hi\b|dear\b|good (morning|afternoon|day|evening))/i;
const SIGN_OFF = /^(ar cieņu|ar labākajiem|ar sveicieniem|kind regards|best regards|regards|sincerely|yours)/i;

function checkText(fields: FieldErrors, name: string, text: string, max: number): void {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) fields[name] = 'required';
  else if (text.length > max) fields[name] = `too_long:${max}`;
  else if (GREETING.test(lines[0] ?? '')) fields[name] = 'greeting_included';
  else if (SIGN_OFF.test(lines[lines.length - 1] ?? '')) fields[name] = 'signature_included';
}

function check(a: Announcement): void {
  const fields: FieldErrors = {};
  if (!a.subject.trim()) fields.subject = 'required';
  else if (a.subject.length > 200) fields.subject = 'too_long:200';
  checkText(fields, 'text', a.text, 10_000);
  const en = { subject: a.subjectEn?.trim() ?? '', text: a.textEn?.trim() ?? '' };
  if (en.subject || en.text) {
    if (!en.subject) fields.subjectEn = 'required';
    else if (en.subject.length > 200) fields.subjectEn = 'too_long:200';
    checkText(fields, 'textEn', a.textEn ?? '', 10_000);
  }
  if (Object.keys(fields).length > 0) throw invalid(fields);
}

/** What a reader of `lang` gets: their language's text where there is one, else the Latvian. */
function versionFor(a: Announcement, lang: Lang): { subject: string; text: string; textLang: Lang } {
  if (lang === 'en' && a.subjectEn?.trim() && a.textEn?.trim())
    return { subject: a.subjectEn, text: a.textEn, textLang: 'en' };
  return { subject: a.subject, text: a.text, textLang: 'lv' };
}

interface Recipient {
  id: number;
  email: string;
  language: Lang;
}

/** The active people of a segment who have not stopped announcements. */
async function recipients(ctx: ServiceContext, filter: RegistrantFilter): Promise<Recipient[]> {
  const segment = { ...filter, status: filter.status ?? 'active' };
  const people = (await listRegistrants(ctx.db.knex, segment, { limit: 100_000, offset: 0 }, 'lv')).filter(
    (p) => p.status === 'active',
  );
  const stopped = new Set(
    (
      (await ctx.db
        .knex('registrations')
        .where('event_id', filter.eventId)
        .whereNotNull('announcements_stopped_at')
        .pluck('id')) as number[]
    ).map(Number),
  );
  // People registered by hand without an e-mail cannot be reached here (the organizers phone them).
  return people.flatMap((p) =>
    stopped.has(Number(p.id)) || p.email === null
      ? []
      : [{ id: Number(p.id), email: p.email, language: p.language === 'en' ? ('en' as const) : ('lv' as const) }],
  );
}

/** How many people a segment reaches (active registrations with an e-mail, announcements not stopped). */
export async function recipientCount(ctx: ServiceContext, filter: RegistrantFilter): Promise<number> {
  return (await recipients(ctx, filter)).length;
}

/** The one-click unsubscribe code of a registration (RFC 8058): its id and a signature. */
export function unsubscribeCode(ctx: ServiceContext, registrationId: number): string {
  const mac = createHmac('sha256', ctx.secret).update(`announcements:${registrationId}`).digest('base64url');
  return `${registrationId}.${mac.slice(0, 22)}`;
}

function registrationOfCode(ctx: ServiceContext, code: string): number {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(code);
  const id = Number(m?.[1]);
  if (!m || !Number.isSafeInteger(id)) throw new AppError('not_found');
  const expected = Buffer.from(unsubscribeCode(ctx, id));
  const given = Buffer.from(code);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('not_found');
  return id;
}

/**
 * Stops announcements to the person behind an unsubscribe code; confirmations, reminders
 * and changes to their own sessions still reach them. Doing it twice changes nothing.
 */
export async function stopAnnouncements(ctx: ServiceContext, code: string): Promise<void> {
  const id = registrationOfCode(ctx, code);
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const changed = await trx('registrations')
      .where('id', id)
      .whereNull('announcements_stopped_at')
      .update({ announcements_stopped_at: now.toISOString() });
    if (changed > 0)
      await audit(
        trx,
        { actor: 'participant', action: 'announcements.stop', targetType: 'registration', targetId: id },
        now,
      );
  });
}

/** Checks that an unsubscribe code is one of ours (for its confirmation page). */
export function checkUnsubscribeCode(ctx: ServiceContext, code: string): void {
  registrationOfCode(ctx, code);
}

export interface PreviewGroup {
  lang: Lang;
  count: number;
  /** The message as its first recipient in this group will get it (text part), or null for none. */
  subject: string | null;
  text: string | null;
  /** The Latvian text goes to this group (no English version). */
  latvianText: boolean;
}

/**
 * What each language group receives, composed exactly as the dispatcher will (greeting and
 * all, the person's private link masked), and how many people are in it.
 */
export async function previewAnnouncement(
  ctx: ServiceContext,
  filter: RegistrantFilter,
  message: Announcement,
): Promise<PreviewGroup[]> {
  check(message);
  const people = await recipients(ctx, filter);
  const composer = new Composer({
    db: ctx.db,
    tokens: ctx.tokens,
    baseUrl: ctx.baseUrl,
    mailFrom: ctx.mailFrom,
    replyTo: ctx.replyTo ?? null,
    mailDomain: ctx.mailDomain,
  });
  const now = ctx.clock();
  const groups: PreviewGroup[] = [];
  for (const lang of ['lv', 'en'] as const) {
    const group = people.filter((p) => p.language === lang);
    const first = group[0];
    const version = versionFor(message, lang);
    let mail = null;
    if (first) {
      const row: OutboxRow = {
        id: 0,
        kind: 'announcement',
        to_email: first.email,
        language: lang,
        registration_id: first.id,
        payload: JSON.stringify({ ...version, unsubscribe: unsubscribeCode(ctx, first.id) }),
        message_id: '<preview@localhost>',
        created_at: now.toISOString(),
      };
      mail = await composer.compose(row, now, { preview: true });
    }
    groups.push({
      lang,
      count: group.length,
      subject: mail ? String(mail.subject ?? '') : null,
      text: mail ? String(mail.text ?? '') : null,
      latvianText: version.textLang === 'lv',
    });
  }
  return groups;
}

/** Queues one e-mail per person in the segment through the outbox, in one transaction. */
export async function sendAnnouncement(
  ctx: ServiceContext,
  organizer: Organizer,
  filter: RegistrantFilter,
  message: Announcement,
): Promise<number> {
  check(message);
  const people = await recipients(ctx, filter);
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    for (const p of people) {
      await enqueue(
        trx,
        {
          kind: 'announcement',
          to: p.email,
          language: p.language,
          registrationId: p.id,
          payload: { ...versionFor(message, p.language), unsubscribe: unsubscribeCode(ctx, p.id) },
        },
        now,
        ctx.mailDomain,
      );
    }
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'announcement.send',
        targetType: 'event',
        targetId: filter.eventId,
        after: {
          filter: { ...filter, scope: undefined },
          subject: message.subject,
          subjectEn: message.subjectEn || undefined,
          recipients: people.length,
          byLanguage: {
            lv: people.filter((p) => p.language === 'lv').length,
            en: people.filter((p) => p.language === 'en').length,
          },
        },
      },
      now,
    );
  });
  return people.length;
}

/**
 * A test of an announcement: one message to the organizer's own address, through the outbox
 * like any other, in `lang` (the version a reader of that language would get), its subject
 * prefixed (`prefix`, "[Pārbaude]" / "[Test]"). Nobody else receives anything.
 */
export async function sendTestAnnouncement(
  ctx: ServiceContext,
  organizer: Organizer,
  eventId: number,
  message: Announcement,
  lang: Lang,
  prefix: string,
): Promise<void> {
  check(message);
  const version = versionFor(message, lang);
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await enqueue(
      trx,
      {
        kind: 'announcement',
        to: organizer.email,
        language: lang,
        registrationId: null,
        payload: { ...version, subject: `${prefix} ${version.subject}` },
      },
      now,
      ctx.mailDomain,
    );
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'announcement.test',
        targetType: 'event',
        targetId: eventId,
        after: { subject: version.subject, to: organizer.email },
      },
      now,
    );
  });
}

/** An announcement sent to an event's people: when, by whom, its subject, how many it reached. */
export interface SentAnnouncement {
  at: string;
  actor: string;
  subject: string;
  recipients: number;
}

/** The announcements sent for an event, newest first (from the audit log). */
export async function sentAnnouncements(ctx: ServiceContext, eventId: number): Promise<SentAnnouncement[]> {
  const rows = (await ctx.db
    .knex('audit_log')
    .where({ action: 'announcement.send', target_type: 'event', target_id: String(eventId) })
    .orderBy('id', 'desc')
    .limit(200)
    .select('at', 'actor', 'after')) as { at: string; actor: string; after: string | null }[];
  return rows.map((r) => {
    const after = JSON.parse(r.after ?? '{}') as { subject?: unknown; recipients?: unknown };
    return {
      at: r.at,
      actor: r.actor,
      subject: typeof after.subject === 'string' ? after.subject : '',
      recipients: Number(after.recipients ?? 0),
    };
  });
}
