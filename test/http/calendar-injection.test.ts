import ICAL from 'ical.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport } from '../../server/mail/transport.js';
import { createTestApp, demoIds, DEMO_SLUG, person, type DemoIds, type TestApp } from '../support/app.js';
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

describe('calendar invites and feeds read back as a standard parser reads them', () => {
  let t: TestApp;
  let ids: DemoIds;

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t.db);
  });
  afterAll(() => t.close());

  it('a name that tries to add RSVP, ROLE or SENT-BY to the invite reads back exactly, adding nothing', async () => {
    const name = 'Anna" ;RSVP=TRUE;ROLE=CHAIR;SENT-BY="mailto:boss@evil.example":mailto:evil@evil.example, ^n';
    const email = `injection-${process.pid}@skola.lv`;
    const [workshop] = ids.workshops.latgale ?? [];
    await request(t.app)
      .post(`/api/v1/events/${DEMO_SLUG}/registrations`)
      .send(person({ name, email, regionId: 'latgale', municipality: 'daugavpils', sessionIds: [workshop] }))
      .expect(201);
    const sent: Mail.Options[] = [];
    await dispatcherFor(t, captureTransport(sent)).drain();
    const mine = sent.filter((m) => JSON.stringify(m.to).includes(email));
    expect(mine).toHaveLength(1);
    const content = (mine[0]?.icalEvent as { content: string } | undefined)?.content ?? '';
    const events = parse(content).getAllSubcomponents('vevent');
    expect(events).toHaveLength(2); // the plenary and the workshop
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
});
