import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, PASSWORD } from '../support/admin.js';
import { DEMO_SLUG, person } from '../support/app.js';
import {
  axeViolations,
  browserAvailable,
  DESKTOP,
  horizontalOverflow,
  MOBILE,
  screenshot,
  useBrowserApp,
} from '../support/browser.js';

/**
 * A Vidzeme coordinator's dashboard in a real browser at 1280 and 390 px: their region's
 * card only, the plenary's people counted, each session named by day and place, and a
 * count followed to the people behind it — without the page scrolling sideways.
 */
describe.skipIf(!browserAvailable())("a coordinator's dashboard: their region at a glance (Chromium)", () => {
  const { t, ids, openPage } = useBrowserApp();
  const vidzeme = { regionId: 'vidzeme', municipality: 'cesis' };

  beforeAll(async () => {
    await organizer(t, 'vidzeme@example.lv', 'coordinator', ['vidzeme']);
    await organizer(t, 'admin@example.lv', 'admin');
    await t.db('quotas').where('id', ids.quota.vidzeme).update({ size: 2 });
    const [first, second] = ids.workshops.vidzeme ?? [];
    const people: [string, number[]][] = [
      ['anna', [first ?? 0]],
      ['baiba', [first ?? 0]],
      ['cilda', [second ?? 0]],
      ['dace', [first ?? 0]],
      ['edgars', []],
    ];
    for (const [name, sessionIds] of people)
      await register(
        t.ctx,
        DEMO_SLUG,
        person({ email: `${name}@skola.lv`, ...vidzeme, sessionIds }) as unknown as RegistrationInput,
      );
  });

  async function signedIn(viewport: typeof DESKTOP, email = 'vidzeme@example.lv'): Promise<Page> {
    const page = await openPage({ viewport });
    await page.goto('/admin/login');
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('main button[type="submit"]')]);
    return page;
  }

  for (const [viewport, size] of [
    [DESKTOP, '1280x800'],
    [MOBILE, '390x844'],
  ] as const) {
    it(`at ${size}: only Vidzeme's card, its plenary and workshops named by day, each count a link to the people`, async () => {
      const page = await signedIn(viewport);
      const cards = await page.locator('.stat h3').allTextContents();
      expect(cards).toContain('Vidzeme');
      expect(cards).not.toContain('Rīga');
      const main = (await page.locator('main').textContent()) ?? '';
      // Five registrants in Vidzeme, all five at the plenary; the plenary's row first.
      const plenary = page.locator('.stat table tbody tr').first();
      expect(await plenary.locator('th').textContent()).toMatch(
        /^Plenārsesija: Vidzeme — \d{4}\. gada \d+\. \p{L}+, plkst\.\s\d+\.\d{2} · Tiešsaistē$/u,
      );
      expect(await plenary.locator('td').first().textContent()).toContain('5');
      expect(main).toContain('Tiešsaistē');
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `region-dashboard-coordinator-lv-${size}`);
      // The region's card alone, to read at its real size.
      await page
        .locator('.stat')
        .first()
        .screenshot({ path: path.resolve('test-artifacts', 'screenshots', `region-dashboard-card-lv-${size}.png`) });

      // Following the first workshop's waiting count: Dace, the one waiting for it.
      const [first] = ids.workshops.vidzeme ?? [];
      const waiting = page.locator(`a[href*="session=${first}&status=waitlisted"]`);
      await Promise.all([page.waitForURL(/\/registrations\?/), waiting.click()]);
      expect(await page.locator('p[role="status"]').textContent()).toContain('Atrasti: 1');
      expect(await page.locator('main table').textContent()).toContain('dace@skola.lv');
      expect(await horizontalOverflow(page)).toEqual([]);
      await screenshot(page, `region-dashboard-waiting-list-lv-${size}`);
      await page.context().close();
    });
  }

  it("at 1280x800: an admin sees every region's card side by side, each session's figures readable", async () => {
    const page = await signedIn(DESKTOP, 'admin@example.lv');
    const cards = await page.locator('section[aria-labelledby="ev-0"] .stat h3').allTextContents();
    expect(cards).toEqual(expect.arrayContaining(['Rīga', 'Vidzeme', 'Kurzeme', 'Zemgale', 'Latgale']));
    await screenshot(page, 'region-dashboard-admin-lv-1280x800');
    await page.locator('section[aria-labelledby="ev-0"] .regions-grid').screenshot({
      path: path.resolve('test-artifacts', 'screenshots', 'region-dashboard-admin-cards-lv-1280x800.png'),
    });
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
