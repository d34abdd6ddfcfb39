import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, PASSWORD } from '../support/admin.js';
import { DEMO_SLUG, person } from '../support/app.js';
import {
  browserAvailable,
  DESKTOP,
  horizontalOverflow,
  MOBILE,
  screenshot,
  useBrowserApp,
} from '../support/browser.js';

/**
 * Issue 30, rule 1, in a real browser at 1280 and 390 px: a refused capacity cut answers
 * inside the back office — the size form again, the field marked, the reason naming the
 * number — and an unknown page of the back office is the back office's own 404 with a way
 * back, never the public error page.
 */
describe.skipIf(!browserAvailable())('a refused cut stays in the back office (Chromium)', () => {
  const { t, ids, openPage } = useBrowserApp();

  beforeAll(async () => {
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
    const workshop = ids.workshops.riga?.[0] ?? 0;
    for (const email of ['ilze@skola.lv', 'maris@skola.lv'])
      await register(t.ctx, DEMO_SLUG, person({ email, sessionIds: [workshop] }) as unknown as RegistrationInput);
  });

  async function signedIn(viewport: typeof DESKTOP): Promise<Page> {
    const page = await openPage({ viewport });
    await page.goto('/admin/login');
    await page.fill('#email', 'riga@example.lv');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('main button[type="submit"]')]);
    return page;
  }

  for (const [viewport, size] of [
    [DESKTOP, '1280x800'],
    [MOBILE, '390x844'],
  ] as const) {
    it(`at ${size}: a cut below the confirmed places comes back on the form, marked, with the number`, async () => {
      const page = await signedIn(viewport);
      await page.goto(`/admin/events/${DEMO_SLUG}`);
      await page.locator(`#size-${ids.quota.riga}`).fill('1');
      await Promise.all([
        page.waitForURL(`**/admin/quotas/${ids.quota.riga}/size`),
        page.click(`form[action="/admin/quotas/${ids.quota.riga}/size"] button[type="submit"]`),
      ]);
      expect(await page.locator('header').textContent()).toContain('riga@example.lv');
      const field = page.locator('input[name="size"][aria-invalid="true"]');
      expect(await field.count()).toBe(1);
      expect(await page.locator('main').textContent()).toContain('Nevar samazināt zem 2');
      expect(await page.locator('main').textContent()).not.toContain('Atpakaļ uz pasākumiem');
      expect(await horizontalOverflow(page)).toEqual([]);
      await screenshot(page, `back-office-refused-cut-lv-${size}`);
      // nothing changed
      const quota = (await t.db('quotas').where('id', ids.quota.riga).first('size')) as { size: number };
      expect(quota.size).toBe(100);

      const missing = await page.goto('/admin/events/nav-tada-pasakuma');
      expect(missing?.status()).toBe(404);
      expect(await page.locator('header').textContent()).toContain('riga@example.lv');
      expect(await page.locator('main a[href="/admin"]').count()).toBeGreaterThan(0);
      await screenshot(page, `back-office-404-lv-${size}`);
      await page.context().close();
    });
  }
});
