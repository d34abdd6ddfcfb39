import { describe, expect, it } from 'vitest';
import { DEMO_SLUG } from '../support/app.js';
import { browserAvailable, MOBILE, screenshot, useBrowserApp } from '../support/browser.js';

describe.skipIf(!browserAvailable())('the public stream page in a real browser', () => {
  const { openPage } = useBrowserApp();

  it('when the plenary is days away, then an anonymous visitor sees its "starts in" state, with no cookie set', async () => {
    const page = await openPage({ viewport: MOBILE });
    const response = await page.goto(`/events/${DEMO_SLUG}/live/riga`);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue('set-cookie')).toBeNull();
    await expect.poll(() => page.textContent('body')).toMatch(/Sākas pēc \d+ dien/);
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await page.context().cookies()).toEqual([]);
    await screenshot(page, 'live-upcoming-390');
    await page.context().close();
  });
});
