import { beforeAll, describe, expect, it } from 'vitest';
import { addSeat } from '../../server/features/registration/addSeat.js';
import { cancelSeat, register, type RegistrationInput } from '../../server/features/registration/register.js';
import { moveSession } from '../../server/features/programme/sessions.js';
import { queueReminders } from '../../server/jobs/reminders.js';
import { person } from '../support/app.js';
import { seminarSeries } from '../support/build.js';
import { Composer, type OutboxRow } from '../../server/mail/compose.js';
import { useTestApp } from '../support/fixtures.js';

/**
 * Rule 12 (docs/ARCHITECTURE.md): a person who reads only the e-mail knows where, when and
 * how to join. Every message a participant gets about a session — registration,
 * promotion, a session added, a move, a reminder, a cancellation — rendered in Latvian and
 * English for a seminar held at a school and one held online: the first names the place
 * and its street address, the second says "online", from when it opens and carries the
 * person's own join link for a place that is theirs.
 */
const PLACE = 'Jelgavas 1. pamatskola';
const ADDRESS = 'Skolas iela 13, Jelgava';

const input = (over: Record<string, unknown> = {}): RegistrationInput =>
  person({ regionId: 'zemgale', municipality: 'jelgava', ...over }) as unknown as RegistrationInput;

/** The kinds a participant gets about their sessions, as the outbox names them. */
const ABOUT_SESSIONS = [
  'registration_received',
  'promoted',
  'seat_added',
  'session_changed',
  'reminder',
  'seat_cancelled',
  'registration_cancelled',
];

/** A message as the dispatcher composes it, right after the change that queued it. */
type Composed = Awaited<ReturnType<Composer['compose']>> & { kind: string; to: string };

describe('every participant e-mail says where, or how to join online', () => {
  const { t } = useTestApp({ seed: false });
  const mails: Composed[] = [];
  let seen = 0;

  /** Composes every message queued since the last call, at the test clock's now. */
  async function compose(): Promise<void> {
    const composer = new Composer({
      db: t.ctx.db,
      tokens: t.ctx.tokens,
      baseUrl: t.ctx.baseUrl,
      mailFrom: t.ctx.mailFrom,
      mailDomain: t.ctx.mailDomain,
    });
    const rows = (await t.db('outbox').where('id', '>', seen).orderBy('id')) as OutboxRow[];
    for (const row of rows) {
      seen = Math.max(seen, Number(row.id));
      const mail = await composer.compose(row, t.clock.now());
      if (mail) mails.push({ ...mail, kind: row.kind, to: row.to_email });
    }
  }
  const of = (to: string) => mails.filter((m) => m.to === to && ABOUT_SESSIONS.includes(m.kind));
  const text = (m: Composed) => String(m.text ?? '');
  const ics = (m: Composed | undefined) =>
    String((m?.icalEvent as { content?: string } | undefined)?.content ?? '').replace(/\r\n /g, '');

  beforeAll(async () => {
    const school = { regionId: 'zemgale', audience: 'school_staff' as const, place: PLACE, address: ADDRESS };
    const online = { regionId: 'zemgale', audience: 'school_staff' as const };
    const series = await seminarSeries(t.db, t.clock.now(), {
      inDays: 3,
      seminars: [
        { ...school, places: 1 },
        { ...online, places: 1 },
        { ...school, places: 1 },
        { ...online, places: 1 },
        { ...school, places: 10 },
        { ...online, places: 10 },
      ],
    });
    const s = series.sessions;
    const sessions = {
      lv: { school: s[0]!, online: s[1]! },
      en: { school: s[2]!, online: s[3]! },
      more: { school: s[4]!, online: s[5]! },
    };

    for (const lang of ['lv', 'en'] as const) {
      for (const where of ['school', 'online'] as const) {
        const sessionId = sessions[lang][where];
        const first = `first-${where}-${lang}@skola.lv`;
        const second = `second-${where}-${lang}@skola.lv`;
        // the first takes the one place and adds another seminar of the same kind; the
        // second waits, and gets the place when the first gives it up
        const a = await register(t.ctx, series.slug, input({ email: first, language: lang, sessionIds: [sessionId] }));
        await register(t.ctx, series.slug, input({ email: second, language: lang, sessionIds: [sessionId] }));
        await compose();
        await addSeat(t.ctx, a.registration.id, sessions.more[where], { actor: first, organizer: false });
        await compose();
        const seat = a.seats.find((x) => x.sessionId === sessionId);
        if (!seat) throw new Error('no seat');
        await cancelSeat(t.ctx, a.token, seat.id);
        await compose();
      }
    }
    // a move reaches everyone confirmed
    const hour = 3600_000;
    for (const id of [sessions.lv.online, sessions.en.online]) {
      const row = (await t.db('sessions').where('id', id).first('starts_at', 'ends_at')) as {
        starts_at: string;
        ends_at: string;
      };
      const later = (iso: string) => new Date(Date.parse(iso) + hour).toISOString();
      await moveSession(t.ctx, id, { startsAt: later(row.starts_at), endsAt: later(row.ends_at) }, 'test');
      await compose();
    }
    // a reminder the day before each seminar
    const starts = (await t.db('sessions').whereIn('id', s).orderBy('starts_at').pluck('starts_at')) as string[];
    for (const at of starts) {
      t.clock.set(new Date(Date.parse(at) - 20 * hour));
      await queueReminders(t.ctx);
      await compose();
    }
  });

  it.runIf(process.env.SHOW_MAILS)('shows the messages (SHOW_MAILS=1)', () => {
    for (const m of mails) console.log(`==== ${m.kind} to ${m.to}\n${String(m.subject)}\n${text(m)}`);
  });

  for (const lang of ['lv', 'en'] as const) {
    const onlineWord = lang === 'lv' ? 'Tiešsaistē' : 'Online';
    const opens = lang === 'lv' ? 'pievienoties varēs' : 'you can join';

    it(`${lang}: a seminar at a school — every message names the place and its address`, () => {
      const got = [...of(`first-school-${lang}@skola.lv`), ...of(`second-school-${lang}@skola.lv`)];
      const kinds = new Set(got.map((m) => m.kind));
      for (const kind of ['registration_received', 'promoted', 'seat_added', 'reminder', 'seat_cancelled'])
        expect(kinds, kind).toContain(kind);
      for (const m of got) {
        expect(text(m), m.kind).toContain(`${PLACE}, ${ADDRESS}`);
        expect(String(m.html), m.kind).toContain(`${PLACE}, ${ADDRESS}`);
        expect(text(m), m.kind).not.toContain(onlineWord);
        expect(text(m), m.kind).not.toMatch(/\/j\//);
      }
    });

    it(`${lang}: an online seminar — a place that is the person's carries their join link and when it opens`, () => {
      const got = [...of(`first-online-${lang}@skola.lv`), ...of(`second-online-${lang}@skola.lv`)];
      const kinds = new Set(got.map((m) => m.kind));
      for (const kind of [
        'registration_received',
        'promoted',
        'seat_added',
        'session_changed',
        'reminder',
        'seat_cancelled',
      ])
        expect(kinds, kind).toContain(kind);
      for (const m of got) {
        expect(text(m), m.kind).toContain(onlineWord);
        const waiting = /rindā|waitlist/.test(text(m)) && !/vieta apstiprināta|place confirmed/.test(text(m));
        if (m.kind === 'seat_cancelled' || m.kind === 'registration_cancelled' || waiting) {
          // nothing to join: a place given up, or one still waited for
          expect(text(m), m.kind).not.toMatch(/\/j\//);
          continue;
        }
        expect(text(m), m.kind).toMatch(/http:\/\/localhost:3000\/j\/[A-Za-z0-9_-]+/);
        expect(String(m.html), m.kind).toMatch(/href="http:\/\/localhost:3000\/j\/[A-Za-z0-9_-]+/);
        if (m.kind !== 'session_changed') expect(text(m), m.kind).toContain(opens);
      }
    });

    it(`${lang}: the invite says where — the school's address, or online with the join link as its URL`, () => {
      const school = of(`first-school-${lang}@skola.lv`).find((m) => m.kind === 'registration_received');
      expect(ics(school)).toContain(`LOCATION:${PLACE}\\, ${ADDRESS.replace(/,/g, '\\,')}`);
      const promoted = of(`second-online-${lang}@skola.lv`).find((m) => m.kind === 'promoted');
      expect(ics(promoted)).toContain(`LOCATION:${onlineWord}`);
      expect(ics(promoted)).toMatch(/URL(;VALUE=URI)?:http:\/\/localhost:3000\/j\/[A-Za-z0-9_-]+/);
    });
  }
});
