import { describe, expect, it } from 'vitest';
import { DEMO_SLUG } from '../support/app.js';
import { browserAvailable, screenshot, useBrowserApp } from '../support/browser.js';
import { tokenFromMail } from '../support/places.js';

/**
 * A teacher on a phone, where the event confirms addresses: register, read "check your
 * mail", open the link from the message, press the button, see the place confirmed.
 */
describe.skipIf(!browserAvailable())('a held place confirmed from the mail, in a real browser (390×844)', () => {
  const { t, ids, openPage } = useBrowserApp({ addressConfirmation: true });

  it('when a teacher registers, then the page says to check the mail, what is held and until when; the link and its button confirm the place', async () => {
    const page = await openPage();
    const workshop = ids.workshops.riga?.[0] ?? 0;
    await page.goto(`/events/${DEMO_SLUG}/register?region=riga`);
    await page.fill('#name', 'Līga Kalniņa');
    await page.fill('#email', 'liga@skola.lv');
    await page.fill('#institution', 'Rīgas 1. pamatskola');
    await page.selectOption('#municipality', 'riga');
    await page.selectOption('#role', 'teacher');
    await page.selectOption('#regionId', 'riga');
    await page.check(`#session-${workshop}`);
    await page.check('#consent');
    await Promise.all([page.waitForURL(/\/check-mail\?r=/), page.click('#registration-form button[type="submit"]')]);
    const check = await page.locator('main').innerText();
    expect(check).toContain('Pārbaudiet e-pastu');
    expect(check).toContain('Nosūtījām vēstuli uz liga@skola.lv.');
    expect(check).toMatch(/ir rezervēta jums\./);
    expect(check).toMatch(/Rezervācija beigsies 20\d\d\. gada/);
    await screenshot(page, 'places-check-mail-390x844');

    // The link from the message: the page asks, and nothing is confirmed until its button.
    const token = await tokenFromMail(t, 'liga@skola.lv', 'address_confirm');
    await page.goto(`/r/${token}?lang=lv`);
    expect(await page.locator('.confirm-address h2').innerText()).toBe('Apstipriniet reģistrāciju');
    await screenshot(page, 'places-manage-pending-390x844');
    const held = (await t.db('seats').where('session_id', workshop).first('status')) as { status: string };
    expect(held.status).toBe('held');
    await Promise.all([page.waitForURL(/done=confirmed$/), page.click('.confirm-address button')]);
    expect(await page.locator('main').innerText()).toContain('Paldies, reģistrācija apstiprināta!');
    expect(await page.locator('.badge-confirmed').count()).toBe(2);
    await screenshot(page, 'places-manage-confirmed-390x844');
    await page.context().close();
  });
});
