import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { register, switchSeat, type RegistrationInput } from '../../server/features/registration/register.js';
import { moveByOrganizer } from '../../server/features/registrants/actions.js';
import { organizer } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { calendarOf, calendarsOf, dispatcherFor } from '../support/mail.js';
import { SmtpSink } from '../support/smtp.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('a workshop switch reaches the person as one change (real SMTP)', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  let sink: SmtpSink;
  let transport: MailTransport;
  let dispatcher: ReturnType<typeof dispatcherFor>;

  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['vidzeme'] });
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url);
    dispatcher = dispatcherFor(t, transport);
  });
  afterAll(async () => {
    transport.close();
    await sink.down();
  });

  for (const [lang, subject, text] of [
    ['lv', /^Darbnīca nomainīta: /, 'Jūs pārgājāt no sesijas „'],
    ['en', /^Workshop changed: /, 'You switched from “'],
  ] as const) {
    it(`when a person (${lang}) switches workshop and later again, then each switch is one e-mail whose invite updates the same calendar entry`, async () => {
      const [a, b] = (event.workshops.vidzeme ?? [0, 0]) as [number, number];
      const email = `switch-${lang}@skola.lv`;
      const reg = await register(
        t.ctx,
        event.slug,
        input({ email, regionId: 'vidzeme', municipality: 'valmiera', sessionIds: [a], language: lang }),
      );
      await dispatcher.drain();
      await sink.waitFor(sink.to(email).length);
      // one invite for each seat: the plenary's and the workshop's
      const firsts = calendarsOf(sink.to(email)[0]!);
      const original = firsts.flatMap((c) => c.events).find((e) => !e.summary.includes('Plen'));
      expect(firsts.map((c) => c.method)).toEqual(['REQUEST', 'REQUEST']);
      expect(original).toBeDefined();

      const seat = reg.seats.find((s) => s.sessionId === a)!;
      await switchSeat(t.ctx, reg.token, seat.id, b);
      await dispatcher.drain();
      await sink.waitFor(2);
      const mails = sink.to(email);
      expect(mails).toHaveLength(2); // the confirmation and one for the switch: nothing headed "cancelled"
      const switched = mails[1]!;
      expect(switched.mail.subject).toMatch(subject);
      expect(switched.mail.text).toContain(text);
      expect(switched.mail.text).not.toMatch(/Atcelts|Cancelled/);
      const cal = calendarOf(switched);
      expect(cal?.method).toBe('REQUEST');
      expect(cal?.events).toHaveLength(1);
      expect(cal?.events[0]?.uid).toBe(original?.uid);
      expect(cal?.events[0]?.sequence).toBeGreaterThan(original?.sequence ?? 0);
      const newTitle = ((await t.db('sessions').where('id', b).first(`title_${lang}`)) as Record<string, string>)[
        `title_${lang}`
      ];
      expect(cal?.events[0]?.summary).toBe(newTitle);

      // and back again, by an organizer: still one entry, one UID, a higher SEQUENCE
      const movedSeat = (await t
        .db('seats')
        .where({ registration_id: reg.registration.id, session_id: b })
        .first('id')) as {
        id: number;
      };
      await moveByOrganizer(t.ctx, await organizer(t, `o-${lang}@example.lv`), movedSeat.id, a);
      await dispatcher.drain();
      await sink.waitFor(3);
      const back = calendarOf(sink.to(email)[2]!);
      expect(sink.to(email)[2]?.mail.text).toContain(
        lang === 'lv' ? 'Organizatori pārcēla jūs' : 'The organizers moved you',
      );
      expect(sink.to(email)).toHaveLength(3);
      expect(back?.events[0]?.uid).toBe(original?.uid);
      expect(back?.events[0]?.sequence).toBeGreaterThan(cal?.events[0]?.sequence ?? 0);

      // the subscribed calendar agrees: that one entry, now the workshop held
      const feed = await request(t.app).get(`/r/${reg.token}/calendar.ics`).expect(200);
      const uids = [...feed.text.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]?.trim());
      expect(uids).toContain(original?.uid);
      expect(uids).toHaveLength(2); // the plenary and the workshop
    });
  }
});
