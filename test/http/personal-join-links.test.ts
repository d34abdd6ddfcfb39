import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { queueReminders } from '../../server/jobs/reminders.js';
import { Composer, type OutboxRow } from '../../server/mail/compose.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const MINUTE = 60_000;
const CODE = /\/j\/([A-Za-z0-9_-]{32})/;

interface SessionRow {
  id: number;
  starts_at: string;
  ends_at: string;
  join_url: string | null;
}

/**
 * Personal join links: `/j/:code` on the manage page and in reminders. Inside
 * the window it records the join and sends the person on; otherwise a page says why,
 * and the meeting URL never leaves the server except in that one redirect.
 */
describe('personal join links', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z'), seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'kurzeme'] });
  });
  let workshop: SessionRow;
  let plenary: SessionRow;
  let confirmedToken: string;
  let waitlistedToken: string;
  let joinUrls: string[];

  const tokenOf = (body: { registration: { manageUrl: string } }) => body.registration.manageUrl.split('/r/')[1] ?? '';
  const session = async (id: number) => (await t.db('sessions').where('id', id).first()) as SessionRow;

  /** The personal join paths on a manage page, in the order of its seats. */
  async function joinPaths(token: string): Promise<string[]> {
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    return [...page.text.matchAll(new RegExp(CODE.source, 'g'))].map((m) => m[0]);
  }

  beforeAll(async () => {
    joinUrls = ((await t.db('sessions').whereNotNull('join_url').select('join_url')) as { join_url: string }[]).map(
      (r) => r.join_url,
    );
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const [workshopId] = event.workshops.riga ?? [];
    workshop = await session(Number(workshopId));
    plenary = await session(Number(event.plenary.riga));
    const first = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ sessionIds: [workshop.id], name: 'Līga Ozoliņa' }))
      .expect(201);
    confirmedToken = tokenOf(first.body);
    const second = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ sessionIds: [workshop.id] }))
      .expect(201);
    expect(second.body.registration.items[1].status).toBe('waitlisted');
    waitlistedToken = tokenOf(second.body);
  });

  function expectNoMeetingUrl(what: string, body: string): void {
    for (const url of joinUrls) if (body.includes(url)) throw new Error(`${what} contains the meeting URL ${url}`);
    expect(body, what).not.toContain('videokonference.example.lv');
  }

  it('a confirmed person has one personal link per seat (plenary and workshop) on the manage page, a waitlisted one none for the workshop', async () => {
    const paths = await joinPaths(confirmedToken);
    expect(paths).toHaveLength(2);
    expect(new Set(paths).size).toBe(2);
    // The same link every time the page is opened.
    expect(await joinPaths(confirmedToken)).toEqual(paths);
    // The waitlisted person has the plenary's link only.
    expect(await joinPaths(waitlistedToken)).toHaveLength(1);
    // The database keeps a hash and a sealed copy, never the code itself.
    const code = CODE.exec(paths[0] ?? '')?.[1] ?? '';
    const rows = (await t.db('seats').whereNotNull('join_code_hash').select('join_code_hash', 'join_code_sealed')) as {
      join_code_hash: string;
      join_code_sealed: string;
    }[];
    for (const r of rows) expect(`${r.join_code_hash} ${r.join_code_sealed}`).not.toContain(code);
  });

  it('before the window: a page that says from when, never the meeting URL, and nothing recorded', async () => {
    const [, workshopPath] = await joinPaths(confirmedToken);
    t.clock.set(new Date(Date.parse(workshop.starts_at) - 31 * MINUTE));
    const res = await request(t.app)
      .get(workshopPath ?? '')
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.text).toContain('Pievienoties varēs');
    expect(res.text).toContain('plkst.');
    expectNoMeetingUrl('early page', res.text);
    const en = await request(t.app)
      .get(`${workshopPath ?? ''}?lang=en`)
      .expect(200);
    expect(en.text).toContain('You can join ');
    expect(en.text).not.toContain('join from on');
    expectNoMeetingUrl('early page (en)', en.text);
    const seat = (await t.db('seats').where('session_id', workshop.id).andWhere('status', 'confirmed').first()) as {
      first_joined_at: string | null;
      attended_at: string | null;
    };
    expect(seat.first_joined_at).toBeNull();
    expect(seat.attended_at).toBeNull();
  });

  it('inside the window: records the first and last join (a join, not attendance) and 303s to the meeting', async () => {
    const [plenaryPath, workshopPath] = await joinPaths(confirmedToken);
    const start = Date.parse(workshop.starts_at);
    t.clock.set(new Date(start - 30 * MINUTE));
    const first = await request(t.app)
      .get(workshopPath ?? '')
      .expect(303);
    expect(first.headers.location).toBe(workshop.join_url);
    t.clock.set(new Date(start + 20 * MINUTE));
    await request(t.app)
      .get(workshopPath ?? '')
      .expect(303);
    const seat = (await t.db('seats').where('session_id', workshop.id).andWhere('status', 'confirmed').first()) as {
      first_joined_at: string;
      last_joined_at: string;
      attended_at: string | null;
      attended_source: string | null;
    };
    expect(new Date(seat.first_joined_at).toISOString()).toBe(new Date(start - 30 * MINUTE).toISOString());
    expect(new Date(seat.last_joined_at).toISOString()).toBe(new Date(start + 20 * MINUTE).toISOString());
    // A click, even two, is no proof of attendance: the meeting's report or an organizer decides.
    expect(seat.attended_at).toBeNull();
    expect(seat.attended_source).toBeNull();

    // The plenary's link leads to the region's open stream page.
    t.clock.set(new Date(Date.parse(plenary.starts_at) + MINUTE));
    const stream = await request(t.app)
      .get(plenaryPath ?? '')
      .expect(303);
    expect(stream.headers.location).toBe(`/events/${event.slug}/live/riga`);
  });

  it('a waitlisted seat, a cancelled one, an ended session and an unknown code each get their page, never the meeting URL', async () => {
    const [, workshopPath] = await joinPaths(confirmedToken);
    expect(workshopPath).toMatch(CODE);
    t.clock.set(new Date(Date.parse(workshop.starts_at) + MINUTE));
    // A waitlisted seat has no link on its page; its code (made as any seat's would be) says why.
    const waiting = (await t.db('seats').where('session_id', workshop.id).andWhere('status', 'waitlisted').first()) as {
      id: number;
    };
    const { joinCodesOf } = await import('../../server/db/joinCodes.js');
    const waitCode = (await joinCodesOf(t.db, t.ctx.tokens, [waiting.id])).get(waiting.id);
    const w = await request(t.app).get(`/j/${waitCode}`).expect(200);
    expect(w.text).toContain('Jūs vēl esat rindā');
    expectNoMeetingUrl('waitlisted', w.text);

    for (const bad of ['nope', 'A'.repeat(32), 'A'.repeat(200), '%00', '..%2F..']) {
      const res = await request(t.app).get(`/j/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(res.text).toContain('nav derīga');
      expectNoMeetingUrl(`bad code ${bad}`, res.text);
    }

    t.clock.set(new Date(Date.parse(workshop.ends_at)));
    const ended = await request(t.app)
      .get(workshopPath ?? '')
      .expect(200);
    expect(ended.text).toContain('Sesija ir beigusies');
    expectNoMeetingUrl('ended', ended.text);

    // Cancelled: the person gives up the place; the old link says so.
    t.clock.set(new Date(Date.parse(workshop.starts_at) - 60 * MINUTE));
    await request(t.app).delete(`/api/v1/registrations/${confirmedToken}`).expect(200);
    t.clock.set(new Date(Date.parse(workshop.starts_at) + MINUTE));
    const cancelled = await request(t.app)
      .get(workshopPath ?? '')
      .expect(200);
    expect(cancelled.text).toContain('atcelta');
    expectNoMeetingUrl('cancelled', cancelled.text);
  });

  it('the meeting URL is in no e-mail: reminders carry the personal link', async () => {
    const reg = await request(t.app)
      .post(`/api/v1/events/${event.slug}/registrations`)
      .send(person({ regionId: 'kurzeme', municipality: 'liepaja', sessionIds: [event.workshops.kurzeme?.[0]] }))
      .expect(201);
    expect(reg.body.registration.items[1].status).toBe('confirmed');
    const kurzemePlenary = await session(Number(event.plenary.kurzeme));
    t.clock.set(new Date(Date.parse(kurzemePlenary.starts_at) - 2 * 3600_000));
    expect(await queueReminders(t.ctx)).toBeGreaterThan(0);
    const composer = new Composer({
      db: t.ctx.db,
      tokens: t.ctx.tokens,
      baseUrl: t.ctx.baseUrl,
      mailFrom: t.ctx.mailFrom,
      mailDomain: t.ctx.mailDomain,
    });
    const rows = (await t.db('outbox').orderBy('id')) as OutboxRow[];
    let reminders = 0;
    for (const row of rows) {
      const mail = await composer.compose(row, t.clock.now());
      if (!mail) continue;
      const all = `${String(mail.subject)}\n${String(mail.text)}\n${String(mail.html)}\n${JSON.stringify(mail.icalEvent ?? '')}`;
      expectNoMeetingUrl(`mail ${row.id} ${row.kind}`, all);
      if (row.kind === 'reminder') {
        reminders += 1;
        expect(String(mail.text)).toMatch(/http:\/\/localhost:3000\/j\/[A-Za-z0-9_-]{32}/);
      }
    }
    expect(reminders).toBeGreaterThanOrEqual(2);
    // The reminder's link is the one on the manage page.
    const paths = await joinPaths(tokenOf(reg.body));
    const reminderRow = rows.find((r) => r.kind === 'reminder' && r.to_email === reg.body.registration.email);
    expect(reminderRow).toBeDefined();
    const texts = await Promise.all(
      rows
        .filter((r) => r.kind === 'reminder' && r.to_email === reg.body.registration.email)
        .map(async (r) => String((await composer.compose(r, t.clock.now()))?.text)),
    );
    for (const p of paths) expect(texts.join('\n')).toContain(`http://localhost:3000${p}`);
  });
});
