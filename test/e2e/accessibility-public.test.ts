import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserAvailable, useBrowserApp } from '../support/browser.js';
import { DEMO_SLUG } from '../support/app.js';
import { COURSE_SLUG } from '../../seeds/course.js';
import {
  buildFixture,
  check,
  CONFIRM_PAGES,
  LANGS,
  PLACES_PAGES,
  PUBLIC_PAGES,
  withLang,
  type Fixture,
} from './accessibility-pages.js';

// Each test walks many pages in a real browser and checks each with axe: on a loaded
// machine that takes minutes, so the tests here get ten (the default is one).
describe.skipIf(!browserAvailable())(
  'accessibility (axe-core, WCAG 2.1 AA) on every public page, lv and en',
  { timeout: 600_000 },
  () => {
    const { t, ids, openPage } = useBrowserApp();
    let fixture: Fixture;

    beforeAll(async () => {
      fixture = await buildFixture(t, ids);
    });

    it('when a page has known faults, then the checker reports them (so "no violations" means something)', async () => {
      const page = await openPage();
      await page.setContent(
        '<!doctype html><html><head><title>x</title></head><body><main><img src="x.png"><input id="q"></main></body></html>',
      );
      const found = await axeViolations(page);
      await page.context().close();
      expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
      expect(found.some((v) => v.startsWith('html-has-lang'))).toBe(true);
      expect(found.some((v) => v.startsWith('label'))).toBe(true);
    });

    for (const lang of LANGS) {
      it(`when each page of scarce places is opened in ${lang}, then axe finds no violations`, async () => {
        const page = await openPage();
        const found: string[] = [];
        for (const spec of PLACES_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          found.push(...(await check(page, `${spec.name}-${lang}`, spec.key && lang === 'lv')));
        }
        // the group form again after an invalid submit, with its error summary
        await page.goto(withLang(`/events/${DEMO_SLUG}/group`, lang));
        await page.fill('#p0email', 'nav-adrese');
        await page.click('#group-form button.primary');
        await page.waitForSelector('#error-summary');
        found.push(...(await check(page, `group-form-errors-${lang}`, lang === 'lv')));
        await page.context().close();
        expect(found).toEqual([]);
      });

      it(`when each confirmation step and explaining page is opened in ${lang}, then axe finds no violations`, async () => {
        const page = await openPage();
        const found: string[] = [];
        for (const spec of CONFIRM_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          found.push(...(await check(page, `${spec.name}-${lang}`, spec.key && lang === 'lv')));
        }
        await page.context().close();
        expect(found).toEqual([]);
      });

      it(`when each public page is opened in ${lang}, then axe finds no violations and html lang is ${lang}`, async () => {
        const page = await openPage();
        const found: string[] = [];
        for (const spec of PUBLIC_PAGES) {
          const response = await page.goto(withLang(spec.path(fixture), lang));
          expect(response?.status(), spec.name).toBe(spec.status ?? 200);
          expect(await page.getAttribute('html', 'lang'), spec.name).toBe(lang);
          expect(await page.locator('footer a[href="/accessibility"]').count(), spec.name).toBe(1);
          found.push(...(await check(page, `${spec.name}-${lang}`, spec.key && lang === 'lv')));
        }
        // the form again after an invalid submit, with its error summary
        await page.goto(withLang(`/events/${DEMO_SLUG}/register?region=riga`, lang));
        await page.click('#registration-form button[type="submit"]');
        await page.waitForSelector('#error-summary');
        found.push(...(await check(page, `register-errors-${lang}`, lang === 'lv')));
        await page.context().close();
        expect(found).toEqual([]);
      });

      it(`when the pages with an event's questions are opened in ${lang}, then axe finds no violations`, async () => {
        const page = await openPage();
        const found: string[] = [];
        // the form with the demo's two questions and one of every type, then again with every error shown
        await page.goto(withLang(`/events/${COURSE_SLUG}/register`, lang));
        expect(await page.locator('.question').count()).toBe(8);
        found.push(...(await check(page, `register-questions-${lang}`, lang === 'lv')));
        await page.fill('input[inputmode="decimal"]', '-1');
        await page.click('#registration-form button[type="submit"]');
        await page.waitForSelector('#error-summary');
        found.push(...(await check(page, `register-questions-errors-${lang}`, lang === 'lv')));
        // the manage page with the answers, and its form again with an error
        await page.goto(withLang(`/r/${fixture.courseToken}`, lang));
        found.push(...(await check(page, `manage-answers-${lang}`, lang === 'lv')));
        await page.click('.change-answers summary');
        await page.fill('#answers-form input[inputmode="decimal"]', '99');
        await page.click('#answers-form button[type="submit"]');
        await page.waitForSelector('#error-summary');
        found.push(...(await check(page, `manage-answers-errors-${lang}`, lang === 'lv')));
        await page.context().close();
        expect(found).toEqual([]);
      });
    }
  },
);
