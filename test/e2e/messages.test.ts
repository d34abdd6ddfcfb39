import type { Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { COURSE_SLUG } from '../../seeds/course.js';
import { SEMINARS_SLUG } from '../../seeds/seminars.js';
import { DEMO_SLUG, person } from '../support/app.js';
import { browserAvailable, horizontalOverflow, MOBILE, screenshot, useBrowserApp } from '../support/browser.js';

/**
 * What a person reads on a phone tells them where and how to join (issue 28): the manage
 * page of a seminar at a school names the place and its address; of an online workshop
 * says "Tiešsaistē" and gives the personal join link; a join link of a cancelled place
 * leads on to the event; a course's programme says where each lesson is; the stream's
 * countdown speaks in words. Screenshots at 390 px under test-artifacts/screenshots.
 */
describe.skipIf(!browserAvailable())('where and how to join, on a 390 px phone (Chromium)', () => {
  const { t, ids, openPage } = useBrowserApp();
  const phone = () => openPage({ viewport: MOBILE });

  async function registerVia(slug: string, body: Record<string, unknown>) {
    const res = await request(t.app).post(`/api/v1/events/${slug}/registrations`).send(person(body)).expect(201);
    const reg = (res.body as { registration: { manageUrl: string; token?: string } }).registration;
    return new URL(reg.manageUrl).pathname;
  }

  async function looksRight(page: Page, name: string): Promise<void> {
    expect(await horizontalOverflow(page), name).toEqual([]);
    await screenshot(page, name);
  }

  it('a seminar at a school: the manage page names the place and its street address', async () => {
    const seminar = (await t
      .db('sessions')
      .join('events', 'events.id', 'sessions.event_id')
      .where('events.slug', SEMINARS_SLUG)
      .whereNotNull('sessions.place')
      .whereNotNull('sessions.address')
      .orderBy('sessions.starts_at')
      .first('sessions.id', 'sessions.place', 'sessions.address', 'sessions.region_id')) as {
      id: number;
      place: string;
      address: string;
      region_id: string;
    };
    const municipality = (await t.db('municipalities').where('region_id', seminar.region_id).first('id')) as {
      id: string;
    };
    const path = await registerVia(SEMINARS_SLUG, {
      regionId: seminar.region_id,
      municipality: municipality.id,
      sessionIds: [seminar.id],
    });
    for (const lang of ['lv', 'en'] as const) {
      const page = await phone();
      await page.goto(`${path}?lang=${lang}`);
      const where = await page.locator('.seat .session-where').first().textContent();
      expect(where).toBe(`${seminar.place}, ${seminar.address}`);
      // the Google Calendar link carries the place too
      const google = await page.locator('a[href^="https://calendar.google.com"]').first().getAttribute('href');
      expect(new URL(google ?? 'x:').searchParams.get('location')).toBe(`${seminar.place}, ${seminar.address}`);
      await looksRight(page, `issue28-manage-school-${lang}`);
      await page.context().close();
    }
  });

  it('an online workshop: the manage page says online and gives the personal join link; once cancelled, the link leads on', async () => {
    const workshop = ids.workshops.vidzeme?.[0] ?? 0;
    const path = await registerVia(DEMO_SLUG, {
      regionId: 'vidzeme',
      municipality: 'cesis',
      sessionIds: [workshop],
    });
    const page = await phone();
    await page.goto(path);
    const seat = page.locator(`.seat:has(.join-link)`).first();
    expect(await seat.locator('.session-where').textContent()).toBe('Tiešsaistē');
    const join = await page.locator('.join-link').first().getAttribute('href');
    expect(join).toMatch(/^\/j\/[A-Za-z0-9_-]+$/);
    await looksRight(page, 'issue28-manage-online-lv');

    // the person cancels; the join link from their e-mail then leads on to the event
    const token = path.split('/')[2] ?? '';
    await request(t.app).delete(`/api/v1/registrations/${token}`).expect(200);
    await page.goto(join ?? '/');
    expect(await page.locator('.join-reason').textContent()).toContain('atcelta');
    const next = page.locator('main a.button.primary');
    expect(await next.getAttribute('href')).toBe(`/events/${DEMO_SLUG}`);
    await looksRight(page, 'issue28-join-cancelled-lv');
    await page.context().close();
  });

  it('a course says where each lesson is; the open stream counts down in words', async () => {
    const page = await phone();
    await page.goto(`/events/${COURSE_SLUG}`);
    const wheres = await page.locator('.session .session-where').allTextContents();
    expect(wheres.length).toBeGreaterThan(0);
    for (const w of wheres) expect(w.trim()).not.toBe('');
    await looksRight(page, 'issue28-course-lv');

    const plenary = (await t.db('sessions').where('id', ids.plenary.riga).first('starts_at')) as { starts_at: string };
    t.clock.set(new Date(Date.parse(plenary.starts_at) - (3 * 24 * 60 + 4 * 60) * 60_000));
    await page.goto(`/events/${DEMO_SLUG}/live/riga`);
    expect(await page.locator('#countdown').textContent()).toBe('Sākas pēc 3 dienām un 4 stundām');
    await looksRight(page, 'issue28-live-countdown-lv');
    t.clock.set(new Date());
    await page.context().close();
  });
});
