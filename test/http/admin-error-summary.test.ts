import { beforeAll, describe, expect, it } from 'vitest';
import { adminEn } from '../../server/i18n/admin.en.js';
import { adminLv } from '../../server/i18n/admin.lv.js';
import { organizer, signIn } from '../support/admin.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

/** The back office's error summaries name the field, as the public form's do. */
describe('back-office error summaries', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now());
  });

  it('when an event form is sent empty, then each error names its field by the label the form shows, in lv and en', async () => {
    await organizer(t, 'labels@example.lv');
    const browser = await signIn(t, 'labels@example.lv');
    const lv = await browser.post('/admin/events', {}).expect(400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(lv.text)?.[0] ?? '';
    expect(summary).toContain(`<a href="#slug">${adminLv['admin.slug']}: `);
    expect(summary).toContain(`<a href="#titleLv">${adminLv['admin.titleLv']}: `);
    // every error in the summary is named
    expect(summary.match(/<li><a href="#[^"]+">[^<:]+: /g)?.length).toBe(summary.match(/<li>/g)?.length);

    const en = await browser.post('/admin/events?lang=en', {}).expect(400);
    expect(en.text).toContain(`<a href="#slug">${adminEn['admin.slug']}: `);
  });

  it('when a session cancellation is sent without its message, then the summary names the message field', async () => {
    const browser = await signIn(t, 'labels@example.lv');
    const [workshop] = event.workshops.riga ?? [];
    const res = await browser.post(`/admin/sessions/${workshop}/cancel`, { messageLv: '' }).expect(400);
    expect(res.text).toContain(`<a href="#messageLv">${adminLv['admin.cancelSession.messageLv']}: `);
  });
});
