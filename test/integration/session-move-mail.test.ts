import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionKind } from '../../server/domain/types.js';
import { formatRangeAt } from '../../server/domain/time.js';
import { updateSession, type SessionInput } from '../../server/features/programme/programmeAdmin.js';
import { cancelSession, moveSession, moveSessions } from '../../server/features/programme/sessions.js';
import { cancelRegistration, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { organizer } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { calendarsOf, dispatcherFor } from '../support/mail.js';
import { SmtpSink, type Received } from '../support/smtp.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

const TZ = 'Europe/Riga';
/** A time as the messages say it, with plain spaces (the mail has a no-break space after "plkst."). */
const when = (startsAt: string, endsAt: string, lang: 'lv' | 'en') =>
  formatRangeAt(startsAt, endsAt, lang, TZ).replace(/\u00a0/g, ' ');
const textOf = (r: Received): string => String(r.mail.text ?? '').replace(/\u00a0/g, ' ');
const later = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

interface SessionRow {
  id: number;
  starts_at: string;
  ends_at: string;
  title_lv: string;
  title_en: string;
  sequence: number;
}

/**
 * Every text/calendar part of a message is one complete invite: METHOD (also in its
 * Content-Type), VTIMEZONE, ORGANIZER, ATTENDEE and exactly one VEVENT; no two share a UID.
 */
function expectOneEventPerPart(r: Received, method: 'REQUEST' | 'CANCEL') {
  const parts = calendarsOf(r);
  // mailparser found every text/calendar part of the raw message
  expect((r.raw.match(/^Content-Type: text\/calendar/gim) ?? []).length).toBe(parts.length);
  for (const part of parts) {
    expect(part.method).toBe(method);
    expect(part.contentMethod).toBe(method);
    expect(part.hasTimezone).toBe(true);
    expect(part.events).toHaveLength(1);
    expect(part.raw).toMatch(/\r\nORGANIZER;CN=/);
    expect(part.raw).toMatch(/\r\nATTENDEE;CN=/);
  }
  const uids = parts.flatMap((p) => p.events.map((e) => e.uid));
  expect(new Set(uids).size).toBe(uids.length);
  return parts;
}

describe('a change of sessions reaches each person as one message naming old and new (real SMTP)', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  let sink: SmtpSink;
  let transport: MailTransport;
  let dispatcher: ReturnType<typeof dispatcherFor>;
  let plenary: number;
  let workshop: number;
  const lv = 'parcelsana-lv@skola.lv';
  const en = 'move-en@skola.lv';
  const plenaryOnly = 'tikai-plenarsesija@skola.lv';
  const tokens: Record<string, string> = {};
  const seats: Record<string, Record<number, number>> = {};

  const session = async (id: number) => (await t.db('sessions').where('id', id).first()) as SessionRow;
  const mailsTo = (to: string) => sink.to(to);
  const lastTo = (to: string): Received => {
    const r = mailsTo(to).at(-1);
    if (!r) throw new Error(`nothing received for ${to}`);
    return r;
  };
  /** Sends what is queued and waits for it; answers how many messages each address got meanwhile. */
  const deliver = async () => {
    const before = sink.received.length;
    const { sent } = await dispatcher.drain();
    await sink.waitFor(before + sent);
    return sent;
  };

  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['latgale'] });
    plenary = event.plenary.latgale ?? 0;
    workshop = event.workshops.latgale?.[0] ?? 0;
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url);
    dispatcher = dispatcherFor(t, transport);
    const where = { regionId: 'latgale', municipality: 'daugavpils' };
    for (const [email, language, sessionIds] of [
      [lv, 'lv', [workshop]],
      [en, 'en', [workshop]],
      [plenaryOnly, 'lv', []],
    ] as const) {
      const reg = await register(t.ctx, event.slug, input({ ...where, email, language, sessionIds }));
      tokens[email] = reg.token;
      seats[email] = Object.fromEntries(reg.seats.map((s) => [s.sessionId, s.id]));
      expect(reg.seats.every((s) => s.status === 'confirmed')).toBe(true);
    }
    expect(await deliver()).toBe(3);
  });

  afterAll(async () => {
    transport.close();
    await sink.down();
  });

  it('when a registration confirms the plenary and a workshop, then every calendar part holds one event of its own', () => {
    const parts = expectOneEventPerPart(lastTo(lv), 'REQUEST');
    expect(parts.map((p) => p.events[0]?.uid).sort()).toEqual(
      [`seat-${seats[lv]?.[plenary]}@localhost`, `seat-${seats[lv]?.[workshop]}@localhost`].sort(),
    );
  });

  it('when the workshop moves, then each of its people gets one message with the old and the new time and a REQUEST a SEQUENCE up', async () => {
    const was = await session(workshop);
    const moved = await moveSession(
      t.ctx,
      workshop,
      { startsAt: later(was.starts_at, 60), endsAt: later(was.ends_at, 60) },
      'organizer@example.lv',
    );
    expect(moved.notified).toBe(2);
    const counts = { lv: mailsTo(lv).length, en: mailsTo(en).length, plenaryOnly: mailsTo(plenaryOnly).length };
    expect(await deliver()).toBe(2);
    expect(mailsTo(lv)).toHaveLength(counts.lv + 1);
    expect(mailsTo(en)).toHaveLength(counts.en + 1);
    expect(mailsTo(plenaryOnly)).toHaveLength(counts.plenaryOnly);
    const now = await session(workshop);

    const lvMail = lastTo(lv);
    expect(lvMail.mail.subject).toBe(`Mainīts laiks: ${now.title_lv}`);
    expect(textOf(lvMail)).toContain(
      `Laiks: bija ${when(was.starts_at, was.ends_at, 'lv')} — tagad ${when(now.starts_at, now.ends_at, 'lv')}.`,
    );
    expect(textOf(lvMail)).toMatch(
      /bija \S+, \d+\. \S+, plkst\. 12\.00–14\.00 — tagad \S+, \d+\. \S+, plkst\. 13\.00–15\.00/,
    );
    const enMail = lastTo(en);
    expect(enMail.mail.subject).toBe(`New time: ${now.title_en}`);
    expect(textOf(enMail)).toContain(
      `Time: was ${when(was.starts_at, was.ends_at, 'en')} — now ${when(now.starts_at, now.ends_at, 'en')}.`,
    );

    for (const [to, r] of [
      [lv, lvMail],
      [en, enMail],
    ] as const) {
      const [invite] = expectOneEventPerPart(r, 'REQUEST');
      expect(calendarsOf(r)).toHaveLength(1);
      expect(invite?.events[0]).toMatchObject({ uid: `seat-${seats[to]?.[workshop]}@localhost`, sequence: 1 });
      expect(invite?.events[0]?.start).toMatch(/T13:00:00$/);
    }
  });

  it('when a move changes nothing, then nobody is told and nothing is bumped', async () => {
    const was = await session(workshop);
    const queued = await t.db('outbox').count({ n: '*' });
    const moved = await moveSession(
      t.ctx,
      workshop,
      { startsAt: was.starts_at, endsAt: was.ends_at },
      'organizer@example.lv',
    );
    expect(moved.notified).toBe(0);
    expect(await t.db('outbox').count({ n: '*' })).toEqual(queued);
    expect((await session(workshop)).sequence).toBe(was.sequence);
  });

  it('when one action moves the plenary and the workshop, then a person in both gets ONE message naming both, with an invite for each', async () => {
    const plenaryWas = await session(plenary);
    const workshopWas = await session(workshop);
    const result = await moveSessions(
      t.ctx,
      event.eventId,
      [
        { sessionId: plenary, startsAt: later(plenaryWas.starts_at, 30), endsAt: later(plenaryWas.ends_at, 30) },
        { sessionId: workshop, startsAt: later(workshopWas.starts_at, 30), endsAt: later(workshopWas.ends_at, 30) },
      ],
      'organizer@example.lv',
      { lv: 'Lūdzu, ierodieties laikus.', en: 'Please come on time.' },
    );
    expect(result.notified).toBe(3); // three people, not five seats
    const counts = { lv: mailsTo(lv).length, en: mailsTo(en).length, plenaryOnly: mailsTo(plenaryOnly).length };
    expect(await deliver()).toBe(3);
    expect(mailsTo(lv)).toHaveLength(counts.lv + 1);
    expect(mailsTo(en)).toHaveLength(counts.en + 1);
    expect(mailsTo(plenaryOnly)).toHaveLength(counts.plenaryOnly + 1);
    const plenaryNow = await session(plenary);
    const workshopNow = await session(workshop);

    const lvMail = lastTo(lv);
    expect(lvMail.mail.subject).toMatch(/^Izmaiņas programmā: /);
    const lvText = textOf(lvMail);
    expect(lvText).toContain(
      `„${plenaryNow.title_lv}”: bija ${when(plenaryWas.starts_at, plenaryWas.ends_at, 'lv')} — tagad ${when(plenaryNow.starts_at, plenaryNow.ends_at, 'lv')}.`,
    );
    expect(lvText).toContain(
      `„${workshopNow.title_lv}”: bija ${when(workshopWas.starts_at, workshopWas.ends_at, 'lv')} — tagad ${when(workshopNow.starts_at, workshopNow.ends_at, 'lv')}.`,
    );
    expect(lvText).toContain('Organizatoru ziņa:');
    expect(lvText).toContain('Lūdzu, ierodieties laikus.');
    expect(lvText).toContain('Pielikumā ir kalendāra ielūgumi, katrai sesijai savs;');
    const lvParts = expectOneEventPerPart(lvMail, 'REQUEST');
    expect(Object.fromEntries(lvParts.map((p) => [p.events[0]?.uid, p.events[0]?.sequence]))).toEqual({
      [`seat-${seats[lv]?.[plenary]}@localhost`]: 1,
      [`seat-${seats[lv]?.[workshop]}@localhost`]: 2,
    });

    const enMail = lastTo(en);
    expect(enMail.mail.subject).toMatch(/^Programme changes: /);
    expect(textOf(enMail)).toContain(
      `“${workshopNow.title_en}”: was ${when(workshopWas.starts_at, workshopWas.ends_at, 'en')} — now ${when(workshopNow.starts_at, workshopNow.ends_at, 'en')}.`,
    );
    expect(textOf(enMail)).toContain('Please come on time.');
    expect(expectOneEventPerPart(enMail, 'REQUEST')).toHaveLength(2);

    // Only the plenary is theirs: the message names it alone.
    const only = lastTo(plenaryOnly);
    expect(only.mail.subject).toBe(`Mainīts laiks: ${plenaryNow.title_lv}`);
    expect(textOf(only)).not.toContain(workshopNow.title_lv);
    expect(textOf(only)).toContain('Pielikumā ir kalendāra ielūgums;');
    expect(expectOneEventPerPart(only, 'REQUEST')).toHaveLength(1);
  });

  it('when a registration is cancelled whole, then its CANCEL carries one event per calendar part', async () => {
    await cancelRegistration(t.ctx, tokens[en] ?? '');
    await deliver();
    const r = lastTo(en);
    expect(r.mail.subject).toMatch(/^Registration cancelled: /);
    const parts = expectOneEventPerPart(r, 'CANCEL');
    expect(parts.map((p) => p.events[0]?.uid).sort()).toEqual(
      [`seat-${seats[en]?.[plenary]}@localhost`, `seat-${seats[en]?.[workshop]}@localhost`].sort(),
    );
    for (const p of parts) expect(p.events[0]?.status).toBe('CANCELLED');
    expect(textOf(r)).toContain('The attachments cancel the calendar entries, one for each session');
  });

  it('when the back office changes the place, then the message names the old and the new place; a cancellation keeps its own words', async () => {
    const admin = await organizer(t, 'vietas-admin@example.lv');
    const row = (await t.db('sessions').where('id', workshop).first()) as Record<string, string | null>;
    const sessionInput: SessionInput = {
      kind: row.kind as SessionKind,
      regionId: row.region_id ?? null,
      titleLv: String(row.title_lv),
      titleEn: String(row.title_en),
      descriptionLv: String(row.description_lv ?? ''),
      descriptionEn: String(row.description_en ?? ''),
      startsAt: String(row.starts_at),
      endsAt: String(row.ends_at),
      streamUrl: row.stream_url ?? null,
      joinUrl: row.join_url ?? null,
      place: 'Daugavpils Valsts ģimnāzija',
      address: 'Cietokšņa iela 2, Daugavpils',
      speakersLv: String(row.speakers_lv ?? ''),
      speakersEn: String(row.speakers_en ?? ''),
      embedOrigins: row.embed_origins ?? null,
      audience: row.audience ?? null,
    };
    expect(row.place).toBeNull();
    const sequence = Number(row.sequence);
    await updateSession(t.ctx, admin, workshop, sessionInput);
    expect(await deliver()).toBe(1); // the Latvian person; the English one cancelled
    const r = lastTo(lv);
    expect(r.mail.subject).toBe(`Mainīta norises vieta: ${row.title_lv}`);
    const text = textOf(r);
    expect(text).toContain(
      'Norises vieta: bija tiešsaistē — tagad Daugavpils Valsts ģimnāzija, Cietokšņa iela 2, Daugavpils.',
    );
    expect(text).not.toContain('Laiks: bija'); // the time did not change
    const [invite] = expectOneEventPerPart(r, 'REQUEST');
    expect(invite?.events[0]?.sequence).toBe(sequence + 1);
    expect(invite?.raw).toContain('LOCATION:Daugavpils Valsts ģimnāzija\\, Cietokšņa iela 2\\, Daugavpils');

    // Time and place in one edit: one message naming both, the place back online.
    const startsAt = later(String(row.starts_at), 120);
    const endsAt = later(String(row.ends_at), 120);
    await updateSession(t.ctx, admin, workshop, { ...sessionInput, startsAt, endsAt, place: null, address: null });
    expect(await deliver()).toBe(1);
    const both = lastTo(lv);
    expect(both.mail.subject).toBe(`Mainīts laiks un norises vieta: ${row.title_lv}`);
    expect(textOf(both)).toContain(
      `Laiks: bija ${when(String(row.starts_at), String(row.ends_at), 'lv')} — tagad ${when(startsAt, endsAt, 'lv')}.`,
    );
    expect(textOf(both)).toContain(
      'Norises vieta: bija Daugavpils Valsts ģimnāzija, Cietokšņa iela 2, Daugavpils — tagad tiešsaistē.',
    );
    expect(expectOneEventPerPart(both, 'REQUEST')[0]?.events[0]?.sequence).toBe(sequence + 2);

    await cancelSession(t.ctx, workshop, 'organizer@example.lv');
    await deliver();
    const cancelled = lastTo(lv);
    expect(cancelled.mail.subject).toBe(`Sesija atcelta: ${row.title_lv}`);
    expect(textOf(cancelled)).not.toContain('bija');
    expect(expectOneEventPerPart(cancelled, 'CANCEL')).toHaveLength(1);
  });
});
