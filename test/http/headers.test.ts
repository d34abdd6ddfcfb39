import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { person } from '../support/app.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';

const SLUG = 'konference';

describe('headers that fit how the app is served and what a page shows', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));

  const upgrades = (res: { headers: Record<string, unknown> }) =>
    String(res.headers['content-security-policy']).includes('upgrade-insecure-requests');

  it('an install with an http BASE_URL is not told to upgrade to https; an https one is', async () => {
    expect(t.ctx.baseUrl).toMatch(/^http:/);
    for (const path of ['/', `/events/${SLUG}`, '/admin/login', '/static/app.css']) {
      expect(upgrades(await request(t.app).get(path))).toBe(false);
    }
    const https = createApp({
      ctx: { ...t.ctx, baseUrl: 'https://registracija.example.lv' },
      logger: pino({ level: 'silent' }),
    });
    const res = await request(https).get('/').expect(200);
    expect(upgrades(res)).toBe(true);
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('manage pages, which show a name and an e-mail address, ask not to be indexed', async () => {
    const created = await request(t.app).post(`/api/v1/events/${SLUG}/registrations`).send(person()).expect(201);
    const token = String(created.body.registration.manageUrl).split('/r/')[1] ?? '';
    const page = await request(t.app).get(`/r/${token}`).expect(200);
    expect(page.headers['x-robots-tag']).toMatch(/\bnoindex\b/);
    expect(page.text).toMatch(/<meta name="robots" content="noindex/);
    for (const path of [`/r/${token}/calendar.ics`, `/r/${token}/data.json`, `/r/${'x'.repeat(32)}`]) {
      expect((await request(t.app).get(path)).headers['x-robots-tag']).toMatch(/\bnoindex\b/);
    }
    const browser = await formAgent(t, `/r/${token}`);
    const cancelled = await browser.post(`/r/${token}/cancel`, { confirm: 'yes' });
    expect(cancelled.headers['x-robots-tag']).toMatch(/\bnoindex\b/);
    // Public pages are meant to be found.
    expect((await request(t.app).get(`/events/${SLUG}`)).headers['x-robots-tag']).toBeUndefined();
  });
});
