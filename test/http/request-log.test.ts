import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';

/** The app with a real request log, its lines kept as parsed objects. */
function loggedApp(t: Parameters<typeof createApp>[0]['ctx']) {
  const lines: { msg?: string; url?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { url?: string });
      done();
    },
  });
  return { app: createApp({ ctx: t, logger: pino({ level: 'info' }, sink) }), lines };
}

describe('the request log holds no personal data and keeps ids that are none', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));

  it('an organizer search by e-mail logs no address and no query value; numeric admin paths stay as they are', async () => {
    const { app, lines } = loggedApp(t.ctx);
    const email = 'someone@example.lv';
    const created = await request(app).post(`/api/v1/events/${SLUG}/registrations`).send(person({ email })).expect(201);
    const token = String(created.body.registration.manageUrl).split('/r/')[1] ?? '';
    const id = Number(created.body.registration.id);
    const admin = await organizer(t, 'admin@example.lv');
    const bearer = await apiToken(t, admin);
    const { agent } = await signIn({ ...t, app }, 'admin@example.lv');

    await agent.get(`/admin/registrations?q=${email}`);
    await agent.get(`/admin/events/${SLUG}/registrations?q=${encodeURIComponent(email)}&status=active`);
    await agent.get(`/admin/events/${SLUG}/registrations?q=someone&q=${email}`);
    await agent.get(`/admin/login?next=/admin/x?q=${email}`);
    await request(app)
      .get(`/api/v1/admin/events/${SLUG}/registrations?q=${email}`)
      .set('Authorization', `Bearer ${bearer}`);
    await request(app).get(`/events/${SLUG}?${email}=1&lang=en`);
    await agent.get(`/admin/registrations/${id}`).expect(200);
    await agent.get(`/admin/sessions/123/waitlist`);
    await request(app).get(`/r/${token}`).expect(200);
    await request(app).get(`/R/${token}`).expect(200); // Express matches routes regardless of case
    await request(app).get(`/r/${token}/calendar.ics?x=${email}`).expect(200);
    await request(app).get(`/api/v1/registrations/${token}`).expect(200);

    const urls = lines.filter((l) => l.msg === 'request').map((l) => String(l.url));
    expect(urls.length).toBeGreaterThanOrEqual(12);
    const log = JSON.stringify(lines).toLowerCase();
    for (const needle of [email, encodeURIComponent(email), 'someone', token.toLowerCase()]) {
      expect(log).not.toContain(needle.toLowerCase());
    }
    // No query value at all: at most the names of its parameters.
    for (const url of urls) expect(url).not.toMatch(/[?&][^&]*=/);
    expect(urls).toContain(`/admin/registrations/${id}`);
    expect(urls).toContain('/admin/sessions/123/waitlist');
    expect(urls).toContain('/r/:token');
    expect(urls).toContain('/R/:token');
    expect(urls).toContain('/r/:token/calendar.ics?x');
    expect(urls).toContain('/api/v1/registrations/:token');
    expect(urls).toContain(`/admin/events/${SLUG}/registrations?q&status`);
  });
});
