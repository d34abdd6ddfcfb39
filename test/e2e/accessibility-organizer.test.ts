import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, DESKTOP, useBrowserApp } from '../support/browser.js';
import { DEMO_SLUG } from '../support/app.js';
import { COURSE_SLUG } from '../../seeds/course.js';
import {
  ADMIN_FIX_PAGES,
  ADMIN_PAGES,
  ADMIN_PLACES_PAGES,
  ADMIN_QUESTION_PAGES,
  buildFixture,
  check,
  LANGS,
  signInAs,
  withLang,
  type Fixture,
} from './accessibility-pages.js';

// Each test walks many pages in a real browser and checks each with axe: on a loaded
// machine that takes minutes, so the tests here get ten (the default is one).
describe.skipIf(!browserAvailable())(
  'accessibility (axe-core, WCAG 2.1 AA) on every organizer page, lv and en',
  { timeout: 600_000 },
  () => {
    const { t, ids, openPage } = useBrowserApp();
    let fixture: Fixture;

    beforeAll(async () => {
      fixture = await buildFixture(t, ids);
    });

    for (const lang of LANGS) {
      it(`when each organizer page of scarce places is opened in ${lang}, then axe finds no violations`, async () => {
        const page = await openPage({ viewport: DESKTOP });
        const found: string[] = [];
        await page.goto(withLang('/admin/login', lang));
        await signInAs(page, 'admin@example.lv');
        for (const spec of ADMIN_PLACES_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          found.push(...(await check(page, `${spec.name}-${lang}`, spec.key && lang === 'lv', DESKTOP)));
        }
        await page.context().close();
        expect(found).toEqual([]);
      });

      it(`when each page where organizers correct registrations is opened in ${lang}, then axe finds no violations`, async () => {
        const page = await openPage({ viewport: DESKTOP });
        const found: string[] = [];
        await page.goto(withLang('/admin/login', lang));
        await signInAs(page, 'admin@example.lv');
        for (const spec of ADMIN_FIX_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          found.push(...(await check(page, `${spec.name}-${lang}`, false, DESKTOP)));
        }
        // the first step of issuing certificates, once the plenary has ended
        const before = t.clock.now();
        const plenary = (await t.db('sessions').where('id', ids.plenary.riga).first('ends_at')) as {
          ends_at: string | Date;
        };
        t.clock.set(new Date(new Date(plenary.ends_at).getTime() + 60_000));
        try {
          const response = await page.goto(withLang(`/admin/events/${DEMO_SLUG}/certificates/issue`, lang));
          expect(response?.status(), 'admin-certificates-issue').toBe(200);
          found.push(...(await check(page, `admin-certificates-issue-${lang}`, false, DESKTOP)));
        } finally {
          t.clock.set(before);
        }
        await page.context().close();
        expect(found).toEqual([]);
      });

      it(`when each organizer page of the questions is opened in ${lang}, then axe finds no violations`, async () => {
        const page = await openPage({ viewport: DESKTOP });
        const found: string[] = [];
        await page.goto(withLang('/admin/login', lang));
        await signInAs(page, 'admin@example.lv');
        for (const spec of ADMIN_QUESTION_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          found.push(...(await check(page, `${spec.name}-${lang}`, spec.key && lang === 'lv', DESKTOP)));
        }
        // the question form again after an invalid submit, with its error summary
        await page.goto(withLang(`/admin/events/${COURSE_SLUG}/questions/new`, lang));
        await page.selectOption('#type', 'single_choice');
        await page.fill('#new1_lv', 'Viena iespēja');
        await page.click('main form button[type="submit"]');
        await page.waitForSelector('#error-summary');
        found.push(...(await check(page, `admin-question-errors-${lang}`, lang === 'lv', DESKTOP)));
        await page.context().close();
        expect(found).toEqual([]);
      });

      it(`when each organizer page is opened in ${lang}, then axe finds no violations and html lang is ${lang}`, async () => {
        const page = await openPage({ viewport: DESKTOP });
        const found: string[] = [];
        await page.goto(withLang('/admin/login', lang));
        found.push(...(await check(page, `admin-login-${lang}`, lang === 'lv', DESKTOP)));
        await signInAs(page, 'admin@example.lv');
        for (const spec of ADMIN_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          found.push(...(await check(page, `${spec.name}-${lang}`, spec.key && lang === 'lv', DESKTOP)));
        }
        // a back-office form again after an invalid submit, with its error summary
        await page.goto(withLang('/admin/events/new', lang));
        await page.click('main form button[type="submit"]');
        await page.waitForSelector('#error-summary');
        found.push(...(await check(page, `admin-event-errors-${lang}`, lang === 'lv', DESKTOP)));
        // an announcement preview and a capacity change result
        await page.goto(withLang(`/admin/events/${DEMO_SLUG}/announce`, lang));
        await page.fill('#subject', 'Atgādinājums');
        await page.fill('#text', 'Tiekamies rīt!\nLīdz tikšanās.');
        await page.click('button[name="action"][value="preview"]');
        await page.waitForSelector('.preview');
        found.push(...(await check(page, `admin-announce-preview-${lang}`, false, DESKTOP)));
        await page.goto(withLang(`/admin/events/${DEMO_SLUG}`, lang));
        await page.fill(`#size-${fixture.ids.quota.riga}`, '2');
        await Promise.all([
          page.waitForURL(/\/admin\/quotas\/\d+\/size/),
          page.click(`form[action="/admin/quotas/${fixture.ids.quota.riga}/size"] button`),
        ]);
        found.push(...(await check(page, `admin-capacity-${lang}`, false, DESKTOP)));
        await page.context().close();
        expect(found).toEqual([]);
      });
    }
  },
);
