import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, PASSWORD } from '../support/admin.js';
import { DEMO_SLUG, person } from '../support/app.js';
import { browserAvailable, DESKTOP, screenshot, useBrowserApp } from '../support/browser.js';

/** Clicks what submits a form and waits for the page it lands on. */
async function submitIn(page: Page, selector: string, landsOn: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === landsOn), page.click(selector)]);
}

describe.skipIf(!browserAvailable())('an organizer in a real browser (Chromium, 1280×800)', () => {
  const { t, ids, openPage } = useBrowserApp();

  beforeAll(async () => {
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
    // Riga has one place: Ilze holds it, Māris waits
    await t.db('quotas').where('id', ids.quota.riga).update({ size: 1 });
    const workshop = ids.workshops.riga?.[0] ?? 0;
    for (const [name, email] of [
      ['Ilze Zariņa', 'ilze@skola.lv'],
      ['Māris Ābele', 'maris@skola.lv'],
    ]) {
      await register(t.ctx, DEMO_SLUG, person({ name, email, sessionIds: [workshop] }) as unknown as RegistrationInput);
    }
  });

  it('when a coordinator signs in, raises the Riga quota and exports CSV, then the waiting person is promoted and the file is UTF-8 with a BOM', async () => {
    const page = await openPage({ viewport: DESKTOP, acceptDownloads: true });
    const anonymous = await page.goto('/admin');
    expect(new URL(anonymous?.url() ?? '').pathname).toBe('/admin/login');
    await page.fill('#email', 'riga@example.lv');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('main button[type="submit"]')]);
    expect(await page.locator('header').textContent()).toContain('riga@example.lv');

    await page.goto(`/admin/events/${DEMO_SLUG}`);
    const size = page.locator(`#size-${ids.quota.riga}`);
    expect(await size.inputValue()).toBe('1');
    await size.fill('5');
    await Promise.all([
      page.waitForURL(`**/admin/quotas/${ids.quota.riga}/size`),
      page.click(`form[action="/admin/quotas/${ids.quota.riga}/size"] button[type="submit"]`),
    ]);
    expect(await page.locator('h1').textContent()).toContain('— 5');
    expect(await page.locator('ol.promoted li').allTextContents()).toEqual(['Māris Ābele — maris@skola.lv']);
    await screenshot(page, 'flow-admin-capacity-1280x800');
    const seats = (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where('seats.session_id', ids.workshops.riga?.[0] ?? 0)
      .orderBy('registrations.id')
      .select('seats.status')) as { status: string }[];
    expect(seats.map((s) => s.status)).toEqual(['confirmed', 'confirmed']);

    await page.goto(`/admin/events/${DEMO_SLUG}/registrations`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="dialect=excel"]')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(5); // header + two people, each in the plenary and a workshop
    expect(lines[0]).toMatch(/^Reģistrācijas Nr\.;Vārds, uzvārds;/);
    expect(text).toContain('Ilze Zariņa');
    expect(text).toContain('maris@skola.lv');
    expect(text).toContain('Māris Ābele');
    await page.context().close();
  });

  it('when a back-office form is submitted empty, then its error summary has focus, names the fields and its links lead to them', async () => {
    await organizer(t, 'admin@example.lv', 'admin');
    const page = await openPage({ viewport: DESKTOP });
    await page.goto('/admin/login');
    await page.fill('#email', 'admin@example.lv');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('main button[type="submit"]')]);
    await page.goto('/admin/events/new');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('#error-summary');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    const texts = await page.locator('#error-summary a').allTextContents();
    expect(texts).toContain('Nosaukums latviski: Šis lauks ir obligāts.');
    expect(new Set(texts).size).toBe(texts.length);
    await page.focus('#error-summary a[href="#titleEn"]');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('titleEn');
    await page.context().close();
  });
  it('when attendance is imported from a chosen CSV file, then the people in it are marked present', async () => {
    // Attendance is taken once the session's join window is open: at its start.
    const workshop = ids.workshops.riga?.[0] ?? 0;
    const before = t.clock.now();
    const session = (await t.db('sessions').where('id', workshop).first('starts_at')) as { starts_at: string | Date };
    t.clock.set(new Date(session.starts_at));
    const page = await openPage({ viewport: DESKTOP });
    await page.goto('/admin/login');
    await page.fill('#email', 'riga@example.lv');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('main button[type="submit"]')]);
    await page.goto(`/admin/sessions/${workshop}/attendance`);
    await page.setInputFiles('#csv-file', {
      name: 'attendance.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email\nilze@skola.lv\nnobody@skola.lv\n', 'utf8'),
    });
    await expect.poll(() => page.inputValue('#csv')).toContain('ilze@skola.lv');
    await Promise.all([
      page.waitForURL(`**/admin/sessions/${workshop}/attendance/import`),
      page.click('form[action$="/attendance/import"] button[type="submit"]'),
    ]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Atzīmēti: 1');
    const ilze = (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where({ 'seats.session_id': workshop, 'registrations.email': 'ilze@skola.lv' })
      .first('seats.attended_at')) as { attended_at: string | null };
    expect(ilze.attended_at).not.toBeNull();
    await page.context().close();
    t.clock.set(before);
  });
  it('when an admin without JavaScript adds, edits, moves and removes questions of an event, then each step lands back on the list with its notice', async () => {
    await organizer(t, 'questions@example.lv', 'admin');
    const page = await openPage({ viewport: DESKTOP, javaScriptEnabled: false });
    await page.goto('/admin/login');
    await page.fill('#email', 'questions@example.lv');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('main button[type="submit"]')]);
    const notice = () => page.locator('.notification-banner-heading').textContent();
    const list = `/admin/events/${DEMO_SLUG}/questions`;
    const submit = () =>
      Promise.all([page.waitForURL((url) => url.pathname === list), page.click('main form button[type="submit"]')]);

    await page.goto(`/admin/events/${DEMO_SLUG}`);
    await Promise.all([page.waitForURL((url) => url.pathname === list), page.click(`a[href="${list}"]`)]);
    for (const [label, type] of [
      ['Ar kurām klasēm strādājat?', 'multiple_choice'],
      ['Vai jums vajag pielāgojumus?', 'long_text'],
    ]) {
      await page.click(`a[href="${list}/new"]`);
      await page.selectOption('#type', type ?? '');
      await page.fill('#labelLv', label ?? '');
      if (type === 'multiple_choice') {
        await page.check('#required');
        await page.fill('#new1_lv', '1.–3. klase');
        await page.fill('#new2_lv', '4.–6. klase');
        await page.fill('#new2_en', 'Grades 4–6');
      }
      await submit();
      expect(await notice()).toBe('Jautājums pievienots.');
    }
    const rows = () => page.locator('main table tbody th').allTextContents();
    const [first, second] = await rows();
    expect(first).toMatch(/^\s*Ar kurām klasēm strādājat\?/);
    expect(second).toMatch(/^\s*Vai jums vajag pielāgojumus\?/);

    // an option removed, one added
    await page.click('main table tbody tr:first-child a[href$="/edit"]');
    await page.check('#opt_o1_remove');
    await page.fill('#new1_lv', '7.–9. klase');
    await submit();
    expect(await notice()).toBe('Jautājuma izmaiņas saglabātas.');
    expect(await page.locator('main table tbody tr:first-child ul.options li').allTextContents()).toEqual([
      '4.–6. klase',
      '7.–9. klase',
    ]);

    // the second question up, then removed after the confirmation step
    await submitIn(page, 'main table tbody tr:nth-child(2) form:has(input[value="up"]) button', list);
    expect(await notice()).toBe('Jautājumu secība mainīta.');
    expect((await rows())[0]).toContain('Vai jums vajag pielāgojumus?');
    await page.click('main table tbody tr:first-child a[href$="/remove"]');
    expect(await page.locator('h1').textContent()).toBe('Noņemt šo jautājumu?');
    await submitIn(page, 'main form button[type="submit"]', list);
    expect(await notice()).toBe('Jautājums dzēsts.');
    expect(await rows()).toHaveLength(1);
    await screenshot(page, 'flow-admin-questions-1280x800');
    await page.context().close();
  });
});
