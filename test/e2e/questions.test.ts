import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { answersOf } from '../../server/db/questions.js';
import { COURSE_SLUG } from '../../seeds/course.js';
import { browserAvailable, MOBILE, useBrowserApp } from '../support/browser.js';
import { askOneOfEachType, type QuestionIds } from '../support/questions.js';

const FORM = `/events/${COURSE_SLUG}/register`;

/** The standard fields of the course's form, filled in. */
async function fillPerson(page: Page, email: string): Promise<void> {
  await page.fill('#name', 'Līga Ozoliņa');
  await page.fill('#email', email);
  await page.fill('#institution', 'Daugavpils 9. vidusskola');
  await page.selectOption('#municipality', 'daugavpils');
  await page.selectOption('#role', 'teacher');
  await page.selectOption('#regionId', 'latgale');
  await page.check('#consent');
}

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

/**
 * A course that asks one question of every type, in a real browser on a phone:
 * with the form's script (the error summary leads into a question) and without it (the
 * form, the kept values and the manage page's change work as plain HTML).
 */
describe.skipIf(!browserAvailable())('questions in a real browser (Chromium, 390×844)', () => {
  const { t, openPage } = useBrowserApp();
  let q: QuestionIds;

  beforeAll(async () => {
    const course = (await t.db('events').where('slug', COURSE_SLUG).first('id')) as { id: number };
    // The course asks this file's six questions only, not the demo's own two.
    await t.db('event_questions').where('event_id', course.id).delete();
    q = await askOneOfEachType(t.db, course.id, t.clock.now().toISOString());
  });

  const registrationOf = async (email: string): Promise<number> =>
    ((await t.db('registrations').where('email', email).first('id')) as { id: number }).id;

  it('when a number is out of range, then the summary link puts the cursor in it, and mended the registration goes through', async () => {
    const page = await openPage({ viewport: MOBILE });
    await page.goto(FORM);
    await fillPerson(page, 'liga@skola.lv');
    await page.fill(`#q${q.short_text}`, 'Matemātikas skolotāja');
    await page.check(`#q${q.single_choice}-1`);
    await page.check(`#q${q.multiple_choice}-2`);
    await page.check(`#q${q.yes_no}`);
    await page.fill(`#q${q.number}`, '45');
    await page.click('#registration-form button[type="submit"]');
    await page.waitForSelector('#error-summary');
    expect(await focusedId(page)).toBe('error-summary');
    const link = page.locator(`#error-summary a[href="#q${q.number}"]`);
    expect(await link.textContent()).toBe('Darba stāžs gados: Skaitlis nedrīkst būt lielāks par 40.');
    await link.focus();
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe(`q${q.number}`);
    expect(await page.getAttribute(`#q${q.number}`, 'aria-describedby')).toContain(`q${q.number}-error`);
    // what was chosen is still chosen
    expect(await page.inputValue(`#q${q.short_text}`)).toBe('Matemātikas skolotāja');
    expect(await page.isChecked(`#q${q.single_choice}-1`)).toBe(true);
    expect(await page.isChecked(`#q${q.multiple_choice}-2`)).toBe(true);
    expect(await page.isChecked(`#q${q.yes_no}`)).toBe(true);
    await page.fill(`#q${q.number}`, '4,5');
    await Promise.all([
      page.waitForURL(/\/r\/[^/?]+\?welcome=1$/),
      page.click('#registration-form button[type="submit"]'),
    ]);
    expect(Object.fromEntries(await answersOf(t.db, await registrationOf('liga@skola.lv')))).toEqual({
      [q.short_text]: 'Matemātikas skolotāja',
      [q.single_choice]: 'vidusskola',
      [q.multiple_choice]: ['10-12'],
      [q.yes_no]: true,
      [q.number]: 4.5,
    });
    await page.context().close();
  });

  it('when JavaScript is off, then the form keeps every value after an error, registers, and the manage page changes the answers', async () => {
    const page = await openPage({ viewport: MOBILE, javaScriptEnabled: false });
    await page.goto(FORM);
    await fillPerson(page, 'juris@skola.lv');
    await page.fill(`#q${q.long_text}`, 'Surdotulks\nun lēzena uzbrauktuve');
    await page.check(`#q${q.multiple_choice}`);
    await page.check(`#q${q.multiple_choice}-1`);
    await page.check(`#q${q.yes_no}-1`);
    // the required text and choice are left out
    await page.click('#registration-form button[type="submit"]');
    await page.waitForSelector('#error-summary');
    const targets = await page
      .locator('#error-summary a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(targets).toEqual([`#q${q.short_text}`, `#q${q.single_choice}`]);
    expect(await page.inputValue(`#q${q.long_text}`)).toBe('Surdotulks\nun lēzena uzbrauktuve');
    expect(await page.isChecked(`#q${q.multiple_choice}`)).toBe(true);
    expect(await page.isChecked(`#q${q.multiple_choice}-1`)).toBe(true);
    expect(await page.isChecked(`#q${q.yes_no}-1`)).toBe(true);
    expect(await page.inputValue('#name')).toBe('Līga Ozoliņa');
    await page.fill(`#q${q.short_text}`, 'Sociālais pedagogs');
    await page.check(`#q${q.single_choice}`);
    await page.check('#consent');
    await Promise.all([
      page.waitForURL(/\/r\/[^/?]+\?welcome=1$/),
      page.click('#registration-form button[type="submit"]'),
    ]);
    // the manage page: the answers, and a change of them through plain HTML
    await page.goto(new URL(page.url()).pathname);
    expect(await page.locator('.answer-list').textContent()).toContain('1.–4. klase; 5.–9. klase');
    await page.click('.change-answers summary');
    await page.uncheck(`#q${q.multiple_choice}`);
    await page.fill(`#q${q.number}`, '12');
    await Promise.all([page.waitForURL(/\?done=answers$/), page.click('#answers-form button[type="submit"]')]);
    expect(await page.locator('.panel.success').textContent()).toContain('Jūsu atbildes saglabātas.');
    expect(Object.fromEntries(await answersOf(t.db, await registrationOf('juris@skola.lv')))).toEqual({
      [q.short_text]: 'Sociālais pedagogs',
      [q.long_text]: 'Surdotulks\nun lēzena uzbrauktuve', // the browser's CRLF kept as one line break
      [q.single_choice]: 'pamatskola',
      [q.multiple_choice]: ['5-9'],
      [q.yes_no]: false,
      [q.number]: 12,
    });
    await page.context().close();
  });
});
