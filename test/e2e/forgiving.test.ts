import type { Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO_SLUG, person } from '../support/app.js';
import { browserAvailable, MOBILE, useBrowserApp } from '../support/browser.js';

const SCREENS = process.env.SCREENS_DIR ?? 'test-artifacts/screenshots';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

describe.skipIf(!browserAvailable())('forgiving flows in a real browser (Chromium, 390×844, no JavaScript)', () => {
  const { t, ids, openPage } = useBrowserApp();

  /** A registration in Kurzeme with its first workshop; its manage path and id. */
  async function registered(over: Record<string, unknown> = {}): Promise<{ path: string; id: number }> {
    const workshop = ids.workshops.kurzeme?.[0] ?? 0;
    const res = await request(t.app)
      .post(`/api/v1/events/${DEMO_SLUG}/registrations`)
      .send(person({ regionId: 'kurzeme', municipality: 'talsi', sessionIds: [workshop], ...over }))
      .expect(201);
    const body = res.body as { registration: { id: number; manageUrl: string } };
    return { path: new URL(body.registration.manageUrl).pathname, id: body.registration.id };
  }

  /** Everything a destructive action would change: the registration, its seats, its e-mails. */
  async function stateOf(id: number): Promise<unknown> {
    const registration = (await t.db('registrations').where('id', id).first('status', 'name', 'email')) as unknown;
    const seats = (await t.db('seats').where('registration_id', id).orderBy('id').select('id', 'status')) as unknown;
    const mails = (await t.db('outbox').where('registration_id', id).count({ n: '*' })) as unknown;
    return { registration, seats, mails };
  }

  const noScript = () => openPage({ viewport: MOBILE, javaScriptEnabled: false });

  it('when a person taps "give up this workshop", then a page says what will happen and nothing changes until they confirm', async () => {
    const { path, id } = await registered();
    const before = await stateOf(id);
    const page = await noScript();
    await page.goto(path);
    await Promise.all([
      page.waitForURL(/\/seats\/\d+\/cancel$/),
      page.click('.seat-confirmed a:has-text("Atteikties no šīs darbnīcas")'),
    ]);
    expect(await page.locator('h1').textContent()).toMatch(/^Atteikties no darbnīcas „.+”\?$/);
    expect(await page.locator('main').textContent()).toContain('nodota nākamajam rindā');
    expect(await page.locator('main').textContent()).toContain('plenārsesija, paliek');
    await shot(page, 'confirm-give-up-workshop-390x844');
    expect(await stateOf(id)).toEqual(before);

    // the way back leads to the registration as it was
    await Promise.all([page.waitForURL((u) => u.pathname === path), page.click('a:has-text("Nē, atgriezties")')]);
    expect(await page.locator('.seat-confirmed').count()).toBe(2);
    expect(await stateOf(id)).toEqual(before);

    await page.click('.seat-confirmed a:has-text("Atteikties no šīs darbnīcas")');
    await Promise.all([
      page.waitForURL(/\?done=cancelSeat$/),
      page.click('button:has-text("Jā, atteikties no darbnīcas")'),
    ]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Jūs atteicāties no darbnīcas.');
    const seats = (await t.db('seats').where('registration_id', id).orderBy('id').pluck('status')) as string[];
    expect(seats).toEqual(['confirmed', 'cancelled']);
    await page.context().close();
  });

  it('when a person taps "cancel the whole registration", then the sessions to be cancelled are listed and nothing changes until they confirm', async () => {
    const { path, id } = await registered();
    const before = await stateOf(id);
    const page = await noScript();
    await page.goto(path);
    await Promise.all([page.waitForURL(/\/cancel$/), page.click('a:has-text("Atcelt visu reģistrāciju")')]);
    expect(await page.locator('h1').textContent()).toMatch(/^Atcelt visu reģistrāciju pasākumam „.+”\?$/);
    expect(await page.locator('.confirm-sessions li').count()).toBe(2);
    await shot(page, 'confirm-cancel-all-390x844');
    expect(await stateOf(id)).toEqual(before);

    await Promise.all([
      page.waitForURL(/\?done=cancelAll$/),
      page.click('button:has-text("Jā, atcelt visu reģistrāciju")'),
    ]);
    expect(await page.locator('.notice').textContent()).toContain('Šī reģistrācija ir atcelta.');
    const row = (await t.db('registrations').where('id', id).first('status')) as { status: string };
    expect(row.status).toBe('cancelled');
    await page.context().close();
  });

  it('when a person taps "delete my registration and data", then they are told it cannot be undone and nothing changes until they confirm', async () => {
    const { path, id } = await registered({ name: 'Dzēšamā Persona' });
    const before = await stateOf(id);
    const page = await noScript();
    await page.goto(path);
    await Promise.all([page.waitForURL(/\/delete$/), page.click('a:has-text("Dzēst manu reģistrāciju un datus")')]);
    expect(await page.locator('h1').textContent()).toBe('Dzēst jūsu reģistrāciju un datus?');
    expect(await page.locator('main').textContent()).toContain('To nevar atsaukt.');
    expect(await page.locator('a[download]').getAttribute('href')).toBe(`${path}/data.json`);
    await shot(page, 'confirm-delete-390x844');
    expect(await stateOf(id)).toEqual(before);

    await page.click('button:has-text("Jā, dzēst manu reģistrāciju un datus")');
    await page.waitForSelector('text=Jūsu reģistrācija un personas dati ir dzēsti.');
    const row = (await t.db('registrations').where('id', id).first('name')) as { name: string };
    expect(row.name).not.toContain('Dzēšamā');
    await page.context().close();
  });

  it('when a person gives up a workshop and chooses one again, then the page says they have a place (or their exact waitlist position)', async () => {
    const [first, second] = ids.workshops.kurzeme ?? [0, 0];
    await t.db('quotas').where('id', ids.quota.kurzeme).update({ size: 100 });
    const { path, id } = await registered();
    const page = await noScript();
    await page.goto(path);
    await page.click('.seat-confirmed a:has-text("Atteikties no šīs darbnīcas")');
    await Promise.all([
      page.waitForURL(/\?done=cancelSeat$/),
      page.click('button:has-text("Jā, atteikties no darbnīcas")'),
    ]);
    // both workshops of the day are on offer again
    expect(await page.locator('.add-session form').count()).toBe(2);
    await shot(page, 'manage-add-again-390x844');
    await Promise.all([
      page.waitForURL(/\?done=added&seat=\d+$/),
      page.click(`.add-session form:has(input[value="${second}"]) button`),
    ]);
    expect(await page.locator('.result-confirmed').textContent()).toContain('ir apstiprināta');
    expect(await page.locator('.add-session').count()).toBe(0); // nothing else fits that time
    const held = (await t
      .db('seats')
      .where({ registration_id: id })
      .whereNot('status', 'cancelled')
      .pluck('session_id')) as number[];
    expect(held).toContain(second);
    expect(held).not.toContain(first);

    // a full pool: the next person who adds a workshop waits, and is told the exact position
    const used = (await t.db('quotas').where('id', ids.quota.kurzeme).first('used')) as { used: number };
    await t.db('quotas').where('id', ids.quota.kurzeme).update({ size: used.used });
    const other = await registered({ sessionIds: [] });
    const page2 = await noScript();
    await page2.goto(other.path);
    await Promise.all([
      page2.waitForURL(/\?done=added&seat=\d+$/),
      page2.click(`.add-session form:has(input[value="${first}"]) button`),
    ]);
    expect(await page2.locator('.result-waitlisted').textContent()).toContain('jūs esat rindā 1. vietā');
    expect(await page2.locator('.badge-waitlisted').textContent()).toBe('Rindā 1. vietā');
    await shot(page2, 'manage-added-waitlisted-390x844');
    await page.context().close();
    await page2.context().close();
  });

  it('when a person registers twice with one address, then a page explains the link was sent again and what to do next', async () => {
    await registered({ email: 'divreiz@skola.lv' });
    const page = await noScript();
    await page.goto(`/events/${DEMO_SLUG}/register?region=kurzeme`);
    await page.fill('#name', 'Divreiz Reģistrētā');
    await page.fill('#email', 'Divreiz@Skola.lv');
    await page.fill('#institution', 'Talsu pamatskola');
    await page.selectOption('#municipality', 'talsi');
    await page.selectOption('#role', 'teacher');
    await page.check('#workshop-none'); // nothing is pre-selected: "plenary only" is chosen knowingly
    await page.check('#consent');
    await page.click('#registration-form button[type="submit"]');
    await page.waitForSelector('h1:has-text("Ar šo e-pasta adresi jau ir reģistrācija")');
    expect(await page.locator('h1').textContent()).not.toContain('Kļūda');
    expect(await page.locator('main').textContent()).toContain('nosūtījām uz šo adresi vēlreiz');
    expect(await page.locator('main').textContent()).toContain('Ko darīt tālāk');
    expect(await page.getAttribute('a:has-text("pieprasiet saiti vēlreiz")', 'href')).toBe(
      `/events/${DEMO_SLUG}/lost-link`,
    );
    await shot(page, 'already-registered-390x844');
    await page.context().close();
  });

  it('when an old or unknown manage link is opened, then a page explains and leads to the lost-link form (status 404)', async () => {
    const page = await noScript();
    const response = await page.goto(`/r/${'A'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Šī saite vairs nedarbojas');
    const link = page.locator(`a[href="/events/${DEMO_SLUG}/lost-link"]`);
    expect(await link.count()).toBe(1);
    await shot(page, 'unknown-link-390x844');
    await Promise.all([page.waitForURL(/\/lost-link$/), link.click()]);
    expect(await page.locator('h1').textContent()).toBe('Pazaudēta reģistrācijas saite');
    await page.context().close();
  });
});
