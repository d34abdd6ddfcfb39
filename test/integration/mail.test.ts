import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { cancelSeat, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { cancelSession, moveSession } from '../../server/features/programme/sessions.js';
import { queueReminders } from '../../server/jobs/reminders.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, PROGRAMME_WORKSHOPS, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { calendarOf, calendarsOf, dispatcherFor } from '../support/mail.js';
import { SmtpSink, type Received } from '../support/smtp.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('emails and calendar invites through a real SMTP server', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { title: PROGRAMME_TITLE, workshopTitles: PROGRAMME_WORKSHOPS });
  });
  let sink: SmtpSink;
  let transport: MailTransport;
  let dispatcher: ReturnType<typeof dispatcherFor>;
  let workshopA: number;
  let workshopB: number;
  const joinUrls: string[] = [];

  const anna = 'anna.berzina@skola.lv';
  const peteris = 'peteris@skola.lv';
  let annaReg: Awaited<ReturnType<typeof register>>;
  let peterisReg: Awaited<ReturnType<typeof register>>;

  beforeAll(async () => {
    [workshopA, workshopB] = (event.workshops.riga ?? [0, 0]) as [number, number];
    for (const row of (await t.db('sessions').whereNotNull('join_url').select('join_url')) as { join_url: string }[]) {
      joinUrls.push(row.join_url);
    }
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url);
    dispatcher = dispatcherFor(t, transport);
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });

    annaReg = await register(t.ctx, event.slug, input({ name: 'Anna Bērziņa', email: anna, sessionIds: [workshopA] }));
    peterisReg = await register(
      t.ctx,
      event.slug,
      input({ name: 'Pēteris <b>Kalniņš</b>', email: peteris, sessionIds: [workshopA], language: 'en' }),
    );
    expect((await dispatcher.drain()).sent).toBe(2);
    await sink.waitFor(2);
  });

  afterAll(async () => {
    transport.close();
    await sink.down();
  });

  const last = (to: string): Received => {
    const list = sink.to(to);
    const r = list[list.length - 1];
    if (!r) throw new Error(`nothing received for ${to}`);
    return r;
  };
  const seatId = (reg: typeof annaReg, sessionId: number): number =>
    reg.seats.find((s) => s.sessionId === sessionId)?.id ?? 0;

  it('when a workshop place is confirmed, then the mail says so and invites to plenary and workshop', () => {
    const r = last(anna);
    expect(r.mail.subject).toBe('Reģistrācija saņemta: Skola. Vecāki. Bērni — reģionālās konferences');
    expect(r.mail.text).toContain('Labdien, Anna Bērziņa!');
    expect(r.mail.text).toContain('vieta apstiprināta');
    expect(r.mail.text).toContain(`http://localhost:3000/r/${annaReg.token}?lang=lv`);
    expect(r.mail.html).toContain(`href="http://localhost:3000/r/${annaReg.token}?lang=lv"`);
    expect(r.mail.messageId).toMatch(/@localhost>$/);
    // One invite per seat (Outlook and Gmail act on one event of an invite), each complete.
    const cals = calendarsOf(r);
    expect(cals).toHaveLength(2);
    for (const cal of cals) {
      expect(cal.method).toBe('REQUEST');
      expect(cal.contentMethod).toBe('REQUEST');
      expect(cal.hasTimezone).toBe(true);
      expect(cal.raw).toMatch(/ORGANIZER;CN="Skola\. Vecāki\. Bērni":mailto:noreply@localhost/);
      expect(cal.raw).toContain('ATTENDEE');
      expect(cal.events).toHaveLength(1);
    }
    const events = cals.flatMap((c) => c.events);
    expect(events.map((e) => e.uid).sort()).toEqual(
      [
        `seat-${seatId(annaReg, event.plenary.riga ?? 0)}@localhost`,
        `seat-${seatId(annaReg, workshopA)}@localhost`,
      ].sort(),
    );
    for (const e of events) {
      expect(e.tzid).toBe('Europe/Riga');
      expect(e.sequence).toBe(0);
    }
    expect(events.find((e) => e.uid.includes(String(seatId(annaReg, workshopA))))?.start).toMatch(/T12:00:00$/);
  });

  it('when a person is waitlisted, then the mail gives the position and the workshop is not in the calendar', () => {
    const r = last(peteris);
    expect(r.mail.subject).toBe('Registration received: School. Parents. Children — regional conferences');
    expect(r.mail.text).toContain('number 1 on the waitlist');
    const cal = calendarOf(r);
    expect(cal?.events).toHaveLength(1);
    expect(cal?.events[0]?.uid).toBe(`seat-${seatId(peterisReg, event.plenary.riga ?? 0)}@localhost`);
    for (const url of joinUrls) expect(r.raw).not.toContain(url);
  });

  it('then names typed by people are escaped in the HTML mail', () => {
    const r = last(peteris);
    expect(r.mail.html).toContain('Pēteris &lt;b&gt;Kalniņš&lt;/b&gt;');
    expect(r.mail.html).not.toContain('<b>Kalniņš</b>');
  });

  it('when the confirmed person gives up the workshop, then they get a CANCEL and the next person a REQUEST', async () => {
    await cancelSeat(t.ctx, annaReg.token, seatId(annaReg, workshopA));
    expect((await dispatcher.drain()).sent).toBe(2);
    await sink.waitFor(4);

    const cancelled = calendarOf(last(anna));
    expect(last(anna).mail.subject).toMatch(/^Dalība atcelta: /);
    expect(cancelled?.method).toBe('CANCEL');
    expect(cancelled?.hasTimezone).toBe(true);
    expect(cancelled?.events).toHaveLength(1);
    expect(cancelled?.events[0]).toMatchObject({
      uid: `seat-${seatId(annaReg, workshopA)}@localhost`,
      status: 'CANCELLED',
      tzid: 'Europe/Riga',
    });
    expect(cancelled?.events[0]?.sequence).toBeGreaterThanOrEqual(1);

    const promoted = last(peteris);
    expect(promoted.mail.subject).toMatch(/^You have a place: Adult cooperation/);
    const request = calendarOf(promoted);
    expect(request?.method).toBe('REQUEST');
    expect(request?.events).toEqual([
      expect.objectContaining({
        uid: `seat-${seatId(peterisReg, workshopA)}@localhost`,
        sequence: 0,
        tzid: 'Europe/Riga',
      }),
    ]);
  });

  it('when organizers move the workshop, then every confirmed seat gets an update with a higher SEQUENCE', async () => {
    const session = (await t.db('sessions').where('id', workshopA).first()) as { starts_at: string; ends_at: string };
    const hour = 3600_000;
    const moved = await moveSession(
      t.ctx,
      workshopA,
      {
        startsAt: new Date(new Date(session.starts_at).getTime() + hour).toISOString(),
        endsAt: new Date(new Date(session.ends_at).getTime() + hour).toISOString(),
      },
      'organizer@example.lv',
    );
    expect(moved.notified).toBe(1);
    expect((await dispatcher.drain()).sent).toBe(1);
    await sink.waitFor(5);
    const r = last(peteris);
    expect(r.mail.subject).toMatch(/^New time: Adult cooperation/);
    // what it was and what it is now, in the person's language
    expect(r.mail.text?.replace(/\u00a0/g, ' ')).toMatch(
      /Time: was on \w+, \d+ \w+, 12:00–14:00 — now on \w+, \d+ \w+, 13:00–15:00\./,
    );
    const cal = calendarOf(r);
    expect(cal?.method).toBe('REQUEST');
    expect(cal?.events[0]).toMatchObject({
      uid: `seat-${seatId(peterisReg, workshopA)}@localhost`,
      sequence: 1,
      tzid: 'Europe/Riga',
    });
    expect(cal?.events[0]?.start).toMatch(/T13:00:00$/);
  });

  it('when a title carries a line break, then no header is injected', async () => {
    await t.db('sessions').where('id', workshopA).update({ title_en: 'Evil\r\nBcc: attacker@evil.example' });
    const session = (await t.db('sessions').where('id', workshopA).first()) as { starts_at: string; ends_at: string };
    // (A move to the same times changes nothing and tells nobody: the session moves an hour.)
    const later = (iso: string) => new Date(new Date(iso).getTime() + 3600_000).toISOString();
    const moved = await moveSession(
      t.ctx,
      workshopA,
      { startsAt: later(session.starts_at), endsAt: later(session.ends_at) },
      'o@x.lv',
    );
    expect(moved.notified).toBe(1);
    await dispatcher.drain();
    await sink.waitFor(6);
    const r = last(peteris);
    expect(r.rcptTo).toEqual([peteris]);
    expect(r.mail.subject).toBe('New time: Evil Bcc: attacker@evil.example');
    expect(r.mail.headers.get('bcc')).toBeUndefined();
    expect(calendarOf(r)?.events[0]?.sequence).toBe(2);
  });

  it('when the reminder window opens, then confirmed workshop seats get their personal join link, once', async () => {
    const session = (await t.db('sessions').where('id', workshopA).first()) as { starts_at: string; join_url: string };
    const now = t.clock.now();
    t.clock.set(new Date(new Date(session.starts_at).getTime() - 23 * 3600_000));
    try {
      expect(await queueReminders(t.ctx)).toBeGreaterThanOrEqual(2); // plenary + workshop seats in Riga
      expect(await queueReminders(t.ctx)).toBe(0);
      await dispatcher.drain();
    } finally {
      t.clock.set(now);
    }
    await sink.waitFor(9);
    const reminders = sink.to(peteris).filter((r) => r.mail.subject?.startsWith('Reminder:'));
    expect(reminders).toHaveLength(2);
    // The workshop's reminder carries the personal join link, never the meeting URL.
    const workshopReminder = reminders.find((r) => (r.mail.text ?? '').includes('Your personal link to join'));
    expect(workshopReminder).toBeDefined();
    expect(workshopReminder?.mail.text).toMatch(/http:\/\/localhost:3000\/j\/[A-Za-z0-9_-]{32}/);
    for (const r of sink.received) expect(r.raw).not.toContain(session.join_url);
    expect(calendarOf(workshopReminder as Received)).toBeNull();
    // Anna gave up her workshop: her only reminder is the plenary, without any meeting URL.
    const annaReminders = sink.to(anna).filter((r) => r.mail.subject?.startsWith('Atgādinājums:'));
    expect(annaReminders).toHaveLength(1);
    for (const url of joinUrls) expect(annaReminders[0]?.raw).not.toContain(url);
  });

  it('when organizers cancel the workshop, then its confirmed people get a CANCEL', async () => {
    const result = await cancelSession(t.ctx, workshopA, 'organizer@example.lv');
    expect(result.notified).toBe(1);
    await dispatcher.drain();
    const before = sink.received.length;
    await sink.waitFor(before);
    const r = last(peteris);
    expect(r.mail.subject).toMatch(/^Session cancelled:/);
    const cal = calendarOf(r);
    expect(cal?.method).toBe('CANCEL');
    expect(cal?.events[0]?.uid).toBe(`seat-${seatId(peterisReg, workshopA)}@localhost`);
    expect(cal?.events[0]?.sequence).toBeGreaterThanOrEqual(3);
    expect(await t.db('quotas').where('id', event.quota.riga).first('used')).toEqual({ used: 0 });
    void workshopB;
  });

  it('every message was delivered exactly once, each with its own Message-ID', async () => {
    const sent = (await t.db('outbox').where('status', 'sent').select('message_id')) as { message_id: string }[];
    const received = sink.received.map((r) => r.mail.messageId);
    expect(received.sort()).toEqual(sent.map((s) => s.message_id).sort());
    expect(new Set(received).size).toBe(received.length);
  });
});
