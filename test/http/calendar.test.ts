import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelSession } from '../../server/features/programme/sessions.js';
import { cancelRegistration } from '../../server/features/registration/register.js';
import { mailDropTransport } from '../../server/mail/transport.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { dispatcherFor } from '../support/mail.js';

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('calendar feeds, buttons and the local mail drop', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'] });
  });
  let joinUrls: string[];

  beforeAll(async () => {
    joinUrls = ((await t.db('sessions').whereNotNull('join_url').select('join_url')) as { join_url: string }[]).map(
      (r) => r.join_url,
    );
  });

  const registerVia = async (over: Record<string, unknown>) => {
    const res = await request(t.app).post(`/api/v1/events/${event.slug}/registrations`).send(person(over)).expect(201);
    return {
      token: String(res.body.registration.manageUrl).split('/r/')[1] ?? '',
      items: res.body.registration.items as { sessionId: number; status: string }[],
    };
  };

  it('the public feed lists every scheduled session in Riga time with a VTIMEZONE and no join links', async () => {
    const res = await request(t.app).get(`/events/${event.slug}/calendar.ics`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = parse(res.text);
    expect(cal.getFirstPropertyValue('method')).toBeNull(); // a feed, not a scheduling message
    expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Riga');
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(15); // five days, each a plenary and two workshops
    for (const e of events) expect(e.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Riga');
    for (const url of joinUrls) expect(res.text).not.toContain(url);
    await request(t.app).get('/events/nav-tada/calendar.ics').expect(404);
  });

  it("the public feed speaks the request's language alone: ?lang=, then Accept-Language, never a cookie; it sets none", async () => {
    const feed = `/events/${event.slug}/calendar.ics`;
    const nameOf = (text: string) => String(parse(text).getFirstPropertyValue('x-wr-calname'));
    const lv = await request(t.app).get(`${feed}?lang=lv`).expect(200);
    const en = await request(t.app).get(`${feed}?lang=en`).expect(200);
    expect(nameOf(en.text)).not.toBe(nameOf(lv.text));
    for (const res of [lv, en]) expect(res.headers['set-cookie']).toBeUndefined();

    const byHeader = await request(t.app).get(feed).set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(nameOf(byHeader.text)).toBe(nameOf(en.text));
    expect(byHeader.headers.vary).toMatch(/Accept-Language/i);
    // A calendar app sends no cookie; a browser's language cookie does not decide either.
    const byCookie = await request(t.app).get(feed).set('Cookie', 'lang=en').expect(200);
    expect(nameOf(byCookie.text)).toBe(nameOf(lv.text));
  });

  it.each([
    ['lv', 'Lapa vai ieraksts nav atrasts.'],
    ['en', 'The page or record was not found.'],
  ])("an unknown feed is the site's own 404 page, in %s as asked", async (lang, message) => {
    for (const url of ['/events/nav-tada/calendar.ics', `/r/${'x'.repeat(43)}/calendar.ics`]) {
      const res = await request(t.app).get(`${url}?lang=${lang}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(`<html lang="${lang}"`);
      expect(res.text).toContain(message);
    }
  });

  it('the personal feed holds confirmed seats only, with the invite UIDs, and never a waitlisted one', async () => {
    await t.db('quotas').where('id', event.quota.vidzeme).update({ size: 1 });
    const [a] = event.workshops.vidzeme ?? [];
    const first = await registerVia({ regionId: 'vidzeme', municipality: 'cesis', sessionIds: [a] });
    const second = await registerVia({ regionId: 'vidzeme', municipality: 'cesis', sessionIds: [a] });

    const mine = await request(t.app).get(`/r/${first.token}/calendar.ics`).expect(200);
    expect(mine.headers['cache-control']).toContain('no-store');
    const uids = parse(mine.text)
      .getAllSubcomponents('vevent')
      .map((e) => String(e.getFirstPropertyValue('uid')));
    expect(uids).toHaveLength(2);
    for (const uid of uids) expect(uid).toMatch(/^seat-\d+@localhost$/);

    const waiting = await request(t.app).get(`/r/${second.token}/calendar.ics`).expect(200);
    const waitingEvents = parse(waiting.text).getAllSubcomponents('vevent');
    expect(waitingEvents).toHaveLength(1); // the plenary
    expect(String(waitingEvents[0]?.getFirstPropertyValue('summary'))).toMatch(/^Plenārsesija/);
    for (const url of joinUrls) expect(waiting.text).not.toContain(url);
    await request(t.app)
      .get(`/r/${'x'.repeat(32)}/calendar.ics`)
      .expect(404);
  });

  it('the manage page offers Google, Outlook.com and .ics for confirmed seats only', async () => {
    const [a] = event.workshops.kurzeme ?? [];
    const { token } = await registerVia({ regionId: 'kurzeme', municipality: 'talsi', sessionIds: [a] });
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    expect(page.text).toContain('https://calendar.google.com/calendar/render?action=TEMPLATE');
    expect(page.text).toContain('https://outlook.live.com/calendar/0/deeplink/compose?');
    expect(page.text).toContain(`href="/r/${token}/calendar.ics"`);
    expect(page.text).toContain(`webcal://localhost:3000/r/${token}/calendar.ics`);
    expect((page.text.match(/calendar\.google\.com/g) ?? []).length).toBe(2);

    await t.db('quotas').where('id', event.quota.kurzeme).update({ size: 1 });
    const waiting = await registerVia({ regionId: 'kurzeme', municipality: 'talsi', sessionIds: [a] });
    const waitingPage = await request(t.app).get(`/r/${waiting.token}`).expect(200);
    expect((waitingPage.text.match(/calendar\.google\.com/g) ?? []).length).toBe(1); // the plenary only
  });

  it('without an SMTP server, messages land as .eml files in the mail drop', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maildrop-'));
    const transport = mailDropTransport(dir);
    const before = (await t.db('outbox').where('status', 'pending').count({ n: '*' }).first()) as { n: number };
    const result = await dispatcherFor(t, transport).drain();
    expect(result.sent).toBe(Number(before.n));
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(result.sent);
    const sample = readFileSync(path.join(dir, files[0] ?? ''), 'utf8');
    expect(sample).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REQUEST/m);
    expect(sample).toMatch(/^Message-ID: <[^>]+@localhost>/m);
  });

  it('a feed with nothing in it is still a calendar: a cancelled registration and an event with no session scheduled', async () => {
    const gone = await registerVia({ regionId: 'kurzeme', municipality: 'liepaja', sessionIds: [] });
    await cancelRegistration(t.ctx, gone.token);
    const mine = await request(t.app).get(`/r/${gone.token}/calendar.ics`).expect(200);
    const other = await conference(t.db, t.clock.now(), { slug: 'atcelta-konference', regions: ['latgale'] });
    for (const id of [other.plenary.latgale, ...(other.workshops.latgale ?? [])]) {
      await cancelSession(t.ctx, Number(id), 'organizer@example.lv');
    }
    const none = await request(t.app).get('/events/atcelta-konference/calendar.ics').expect(200);
    for (const feed of [mine, none]) {
      const cal = parse(feed.text);
      expect(cal.name).toBe('vcalendar');
      expect(cal.getAllSubcomponents('vevent')).toHaveLength(0);
      // RFC 5545: a calendar holds at least one component
      expect(cal.getAllSubcomponents().map((c) => c.name)).toEqual(['vtimezone']);
      expect(feed.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    }
  });
});
