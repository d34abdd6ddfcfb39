import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_SLUG, listen, type TestApp } from '../support/app.js';
import { browserAvailable, launch, MOBILE, openPage, screenshot } from '../support/browser.js';

describe.skipIf(!browserAvailable())('the public stream page in a real browser', () => {
  let t: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    server = await listen(t.app);
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
    await t.close();
  });

  it('when the plenary is days away, then an anonymous visitor sees its "starts in" state, with no cookie set', async () => {
    const page = await openPage(browser, server.url, { viewport: MOBILE });
    const response = await page.goto(`/events/${DEMO_SLUG}/live/riga`);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue('set-cookie')).toBeNull();
    await expect.poll(() => page.textContent('body')).toMatch(/Sākas pēc \d+ d\./);
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await page.context().cookies()).toEqual([]);
    await screenshot(page, 'live-upcoming-390');
    await page.context().close();
  });
});
