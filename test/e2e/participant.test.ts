import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SLUG } from '../support/app.js';
import { browserAvailable, MOBILE, screenshot, useBrowserApp } from '../support/browser.js';

interface Person {
  name: string;
  email: string;
  municipality: string;
  workshop: number | 'none';
}

/** Fills the registration form with the mouse-free Playwright helpers and submits it. */
async function registerThroughForm(page: Page, region: string, p: Person, lang = 'lv'): Promise<void> {
  await page.goto(`/events/${DEMO_SLUG}/register?region=${region}&lang=${lang}`);
  await page.fill('#name', p.name);
  await page.fill('#email', p.email);
  await page.fill('#institution', 'Rīgas Valsts 1. ģimnāzija');
  await page.selectOption('#municipality', p.municipality);
  await page.selectOption('#role', 'teacher');
  await page.selectOption('#regionId', region);
  await page.check(p.workshop === 'none' ? '#workshop-none' : `#session-${p.workshop}`);
  await page.check('#consent');
  await Promise.all([
    page.waitForURL(/\/r\/[^/?]+\?welcome=1$/),
    page.click('#registration-form button[type="submit"]'),
  ]);
}

/** The manage page's address without the welcome flag. */
const manageUrl = (page: Page): string => {
  const url = new URL(page.url());
  return url.pathname;
};

/** Presses Tab until the element matching `selector` has focus; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

describe.skipIf(!browserAvailable())('participants in a real browser (Chromium, 390×844)', () => {
  const { t, ids, openPage } = useBrowserApp();

  beforeAll(async () => {
    // one workshop place in Riga, so the second person waits
    await t.db('quotas').where('id', ids.quota.riga).update({ size: 1 });
  });

  describe('first come, first served, and the waitlist moves up', () => {
    let firstManage = '';
    let secondManage = '';
    const workshop = (): number => ids.workshops.riga?.[0] ?? 0;

    it('when a person registers in Latvian on a phone, then the result shows the confirmed workshop and calendar buttons', async () => {
      const page = await openPage({ viewport: MOBILE });
      await registerThroughForm(page, 'riga', {
        name: 'Anna Bērziņa',
        email: 'anna@skola.lv',
        municipality: 'riga',
        workshop: workshop(),
      });
      firstManage = manageUrl(page);
      expect(await page.getAttribute('html', 'lang')).toBe('lv');
      await expect(page.locator('h1').textContent()).resolves.toBe('Paldies, reģistrācija saņemta!');
      const result = await page.locator('.result-confirmed').textContent();
      expect(result).toContain('Jūsu vieta darbnīcā „Pieaugušo sadarbība');
      expect(result).toContain('ir apstiprināta');
      expect(await page.locator('.calendar-links a', { hasText: 'Google' }).count()).toBe(2);
      expect(await page.locator('.calendar-links a', { hasText: 'Outlook' }).count()).toBe(2);
      expect(await page.getAttribute('a[href$="/calendar.ics"][download]', 'href')).toBe(`${firstManage}/calendar.ics`);
      const google = await page.locator('.calendar-links a', { hasText: 'Google' }).first().getAttribute('href');
      expect(google).toMatch(/^https:\/\/calendar\.google\.com\//);
      await screenshot(page, 'flow-result-confirmed-390x844');
      await page.context().close();
    });

    it('when a second person registers for the same full workshop, then they see waitlist position 1', async () => {
      const page = await openPage({ viewport: MOBILE });
      await registerThroughForm(page, 'riga', {
        name: 'Jānis Kalniņš',
        email: 'janis@skola.lv',
        municipality: 'riga',
        workshop: workshop(),
      });
      secondManage = manageUrl(page);
      expect(await page.locator('.result-waitlisted').textContent()).toContain('jūs esat rindā 1. vietā');
      expect(await page.locator('.badge-waitlisted').textContent()).toBe('Rindā 1. vietā');
      // only the plenary is in the calendar while the workshop is not confirmed
      expect(await page.locator('.calendar-links li').count()).toBe(1);
      await screenshot(page, 'flow-result-waitlisted-390x844');
      await page.context().close();
    });

    it("when the first cancels the workshop from the manage link, then the second's manage page shows the seat confirmed", async () => {
      expect(firstManage).not.toBe('');
      const first = await openPage({ viewport: MOBILE });
      await first.goto(firstManage);
      await Promise.all([
        first.waitForURL(/\/seats\/\d+\/cancel$/),
        first.click('.seat-confirmed.seat a:has-text("Atteikties no šīs darbnīcas")'),
      ]);
      await Promise.all([
        first.waitForURL(/\?done=cancelSeat$/),
        first.click('button:has-text("Jā, atteikties no darbnīcas")'),
      ]);
      expect(await first.locator('[role="status"]').first().textContent()).not.toBe('');
      // the plenary is left (the workshops listed to choose again are no seats)
      expect(await first.locator('.seat-confirmed, .seat-waitlisted').count()).toBe(1);
      await first.context().close();

      const second = await openPage({ viewport: MOBILE });
      await second.goto(secondManage);
      const seat = second.locator('.seat', { hasText: 'Pieaugušo sadarbība' });
      expect(await seat.locator('.badge').textContent()).toBe('Vieta apstiprināta');
      expect(await second.locator('.badge-waitlisted').count()).toBe(0);
      expect(await second.locator('.calendar-links li').count()).toBe(2);
      await screenshot(second, 'flow-manage-promoted-390x844');
      await second.context().close();
    });
  });

  it('when the form is completed with the keyboard alone, then the registration goes through', async () => {
    const page = await openPage({ viewport: MOBILE });
    await page.goto(`/events/${DEMO_SLUG}/register?region=vidzeme`);
    await tabTo(page, '#name');
    await page.keyboard.type('Līga Ozola');
    await page.keyboard.press('Tab');
    await page.keyboard.type('liga@skola.lv');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Valmieras Valsts ģimnāzija');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('municipality');
    for (let i = 0; i < 50 && (await page.inputValue('#municipality')) !== 'valmiera'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.inputValue('#municipality')).toBe('valmiera');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('role');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#role')).not.toBe('');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('regionId');
    expect(await page.inputValue('#regionId')).toBe('vidzeme');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('workshop-none');
    await page.keyboard.press('ArrowDown'); // the first workshop of Vidzeme (others are hidden)
    const vidzemeWorkshop = ids.workshops.vidzeme?.[0] ?? 0;
    expect(await focusedId(page)).toBe(`session-${vidzemeWorkshop}`);
    expect(await page.isChecked(`#session-${vidzemeWorkshop}`)).toBe(true);
    await tabTo(page, '#consent');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#consent')).toBe(true);
    await tabTo(page, '#registration-form button[type="submit"]');
    await Promise.all([page.waitForURL(/\/r\/[^/?]+\?welcome=1$/), page.keyboard.press('Enter')]);
    expect(await page.locator('.result-confirmed').textContent()).toContain('ir apstiprināta');
    await page.context().close();
  });

  it('when the form is submitted empty, then the error summary has focus and its links lead to the fields', async () => {
    const page = await openPage({ viewport: MOBILE });
    await page.goto(`/events/${DEMO_SLUG}/register?region=riga`);
    await page.click('#registration-form button[type="submit"]');
    await page.waitForSelector('#error-summary');
    expect(await focusedId(page)).toBe('error-summary');
    expect(await page.locator('#error-summary h2').textContent()).toBe('Lūdzu, izlabojiet kļūdas');
    const targets = await page
      .locator('#error-summary a')
      .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').slice(1)));
    expect(targets).toEqual(
      expect.arrayContaining(['name', 'email', 'institution', 'municipality', 'role', 'consent']),
    );
    // each link names its field, so that the links can be told apart
    const texts = await page.locator('#error-summary a').allTextContents();
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts).toContain('Vārds, uzvārds: Šis lauks ir obligāts.');
    for (const id of ['name', 'email', 'institution', 'municipality', 'role', 'consent']) {
      const field = page.locator(`#${id}`);
      expect(await field.getAttribute('aria-invalid'), id).toBe('true');
      expect(await field.getAttribute('aria-describedby'), id).toContain(`${id}-error`);
      expect(await page.locator(`#${id}-error`).textContent(), id).not.toBe('');
    }
    // following a link (with the keyboard) puts the cursor in that field
    await page.focus('#error-summary a[href="#email"]');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('email');
    await page.context().close();
  });

  it('when the language is switched, then html lang and the texts follow, and the switch link is marked in its own language', async () => {
    const page = await openPage({ viewport: MOBILE });
    await page.goto(`/events/${DEMO_SLUG}/register?region=riga`);
    expect(await page.getAttribute('html', 'lang')).toBe('lv');
    expect(await page.locator('label[for="name"]').textContent()).toBe('Vārds, uzvārds');
    const toEnglish = page.locator('header nav a[hreflang="en"]');
    expect(await toEnglish.getAttribute('lang')).toBe('en');
    await Promise.all([page.waitForURL(/lang=en/), toEnglish.click()]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('label[for="name"]').textContent()).toBe('Full name');
    expect(await page.inputValue('#regionId')).toBe('riga');
    expect(await page.getAttribute('header nav a[hreflang="lv"]', 'lang')).toBe('lv');
    // the choice is remembered on the next page
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.context().close();
  });

  it('when JavaScript is off, then a registration can still be completed and shows its result', async () => {
    const page = await openPage({ viewport: MOBILE, javaScriptEnabled: false });
    await page.goto(`/events/${DEMO_SLUG}/register?region=kurzeme`);
    // without the script every region's workshops stay visible and nothing is preselected by script
    expect(await page.locator('.region-choices:visible').count()).toBe(5);
    const kurzemeWorkshop = ids.workshops.kurzeme?.[1] ?? 0;
    await page.fill('#name', 'Pēteris Liepa');
    await page.fill('#email', 'peteris@skola.lv');
    await page.fill('#institution', 'Liepājas 5. vidusskola');
    await page.selectOption('#municipality', 'liepaja');
    await page.selectOption('#role', 'parent');
    expect(await page.inputValue('#regionId')).toBe('kurzeme');
    await page.check(`#session-${kurzemeWorkshop}`);
    await page.check('#consent');
    await Promise.all([
      page.waitForURL(/\/r\/[^/?]+\?welcome=1$/),
      page.click('#registration-form button[type="submit"]'),
    ]);
    expect(await page.locator('.result-confirmed').textContent()).toContain('Atpazīsti signālus!');
    await screenshot(page, 'nojs-result-390x844');
    await page.context().close();
  });
});
