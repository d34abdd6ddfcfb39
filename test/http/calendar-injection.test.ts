import ICAL from 'ical.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport } from '../../server/mail/transport.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { dispatcherFor } from '../support/mail.js';

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

/** Every message the dispatcher sends, kept in memory. */
function captureTransport(sent: Mail.Options[]): MailTransport {
  return {
    kind: 'maildrop',
    send: (m) => {
      sent.push(m);
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

/** Every invite of a message: its icalEvent and each text/calendar attachment. */
const invitesOf = (m: Mail.Options): string[] => [
  ...(m.icalEvent ? [(m.icalEvent as { content: string }).content] : []),
  ...(m.attachments ?? []).flatMap((a) =>
    String(a.contentType ?? '').startsWith('text/calendar') ? [String(a.content)] : [],
  ),
];

describe('calendar invites and feeds read back as a standard parser reads them', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['zemgale', 'latgale'] });
  });

  it('a name that tries to add RSVP, ROLE or SENT-BY to the invite reads back exactly, adding nothing', async () => {
    // (A name with an e-mail address in it is refused at registration: holds.test.ts.)
    const name = 'Anna" ;RSVP=TRUE;ROLE=CHAIR;SENT-BY="urn:boss":urn:evil, ^n';
    const email = `injection-${process.pid}@skola.lv`;
    const [workshop] = event.workshops.latgale ?? [];
    await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ name, email, regionId: 'latgale', municipality: 'daugavpils', sessionIds: [workshop] }))
      .expect(201);
    const sent: Mail.Options[] = [];
    await dispatcherFor(t, captureTransport(sent)).drain();
    const mine = sent.filter((m) => JSON.stringify(m.to).includes(email));
    expect(mine).toHaveLength(1);
    // The plenary and the workshop: one invite each, the first as icalEvent, the other attached.
    const invites = invitesOf(mine[0] ?? {});
    expect(invites).toHaveLength(2);
    const events = invites.flatMap((ics) => parse(ics).getAllSubcomponents('vevent'));
    expect(events).toHaveLength(2);
    for (const event of events) {
      const attendees = event.getAllProperties('attendee');
      expect(attendees).toHaveLength(1);
      const [, params] = attendees[0]?.toJSON() as [string, Record<string, unknown>];
      expect(params).toEqual({ cn: name, role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED', rsvp: 'FALSE' });
      expect(String(attendees[0]?.getFirstValue()).toLowerCase()).toBe(`mailto:${email}`);
      const organizers = event.getAllProperties('organizer');
      expect(organizers).toHaveLength(1);
      expect(organizers[0]?.getParameter('cn')).toBe('Skola. Vecāki. Bērni');
    }
  });

  it('subscribed feeds are no scheduling messages (no METHOD, so no ORGANIZER needed) and every calendar ends with CRLF', async () => {
    const res = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ regionId: 'zemgale', municipality: 'jelgava', sessionIds: event.workshops.zemgale?.slice(0, 1) }))
      .expect(201);
    const token = String(res.body.registration.manageUrl).split('/r/')[1] ?? '';
    const feeds = [
      await request(t.app).get(`/events/${event.slug}/calendar.ics`).expect(200),
      await request(t.app).get(`/events/${event.slug}/calendar.ics?lang=en`).expect(200),
      await request(t.app).get(`/r/${token}/calendar.ics`).expect(200),
    ];
    for (const feed of feeds) {
      const cal = parse(feed.text);
      const events = cal.getAllSubcomponents('vevent');
      expect(events.length).toBeGreaterThan(0);
      // RFC 5546: a METHOD makes it an iTIP message, and PUBLISH then needs an ORGANIZER.
      const method = cal.getFirstPropertyValue('method');
      if (method !== null) for (const e of events) expect(e.getAllProperties('organizer')).toHaveLength(1);
      expect(method).toBeNull();
      expect(feed.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(feed.text).not.toMatch(/[^\r]\n/);
    }

    const sent: Mail.Options[] = [];
    await dispatcherFor(t, captureTransport(sent)).drain();
    const invites = sent.flatMap(invitesOf);
    expect(invites.length).toBeGreaterThan(0);
    for (const ics of invites) {
      expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(ics).not.toMatch(/[^\r]\n/);
    }
  });
});
