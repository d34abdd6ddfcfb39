import { HtmlValidate } from 'html-validate';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { organizer, signIn } from '../support/admin.js';
import { DEMO_SLUG, person } from '../support/app.js';
import { useTestApp } from '../support/fixtures.js';

/** html-validate's `standard` preset on the public pages, a person's own pages and the back office. */
describe('html-validate (standard) on every page', () => {
  const { t } = useTestApp();

  const PUBLIC = [
    '/',
    `/events/${DEMO_SLUG}`,
    `/events/${DEMO_SLUG}/register?region=riga`,
    '/events/ievadseminari',
    // Issue 19: the list filtered, a supervision (a single-session event), its form, the course.
    '/?kind=single&region=kurzeme&audience=school_staff',
    '/events/supervizija-salaspils',
    '/events/supervizija-salaspils/register',
    '/events/darbnica-tiessaiste',
    '/events/kurss-konsultesana/register',
    '/privacy',
    '/accessibility',
    '/r/no-such-link',
    '/j/no-such-code',
    '/verify/no-such-code',
  ];
  const ADMIN = [
    '/admin',
    `/admin/events/${DEMO_SLUG}`,
    `/admin/events/${DEMO_SLUG}/registrations`,
    `/admin/events/${DEMO_SLUG}/report`,
    '/admin/audit',
    '/admin/access',
    '/admin/privacy',
    `/admin/events/${DEMO_SLUG}/certificates`,
    `/admin/events/${DEMO_SLUG}/registrations/new`,
    `/admin/events/${DEMO_SLUG}/clone`,
    '/admin/events/kurss-konsultesana',
    '/admin/events/supervizija-salaspils',
  ];

  it('has 0 errors on the public and organizer pages', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    await organizer(t, 'valid@example.lv');
    const { agent } = await signIn(t, 'valid@example.lv');
    for (const path of PUBLIC) {
      const res = await request(t.app).get(path);
      expect([200, 404], path).toContain(res.status);
      const report = await validator.validateString(res.text);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
    // A person's own pages: the manage page and a confirmation step.
    const made = await request(t.app)
      .post(`/api/v1/events/${DEMO_SLUG}/registrations`)
      .send(person({ sessionIds: [] }))
      .expect(201);
    const token = String((made.body as { registration: { manageUrl: string } }).registration.manageUrl).split('/r/')[1];
    for (const path of [`/r/${token}`, `/r/${token}/delete`]) {
      const report = await validator.validateString((await request(t.app).get(path).expect(200)).text);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
    for (const path of ADMIN) {
      const report = await validator.validateString((await agent.get(path).expect(200)).text);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.message}`)),
        path,
      ).toEqual([]);
    }
  });
});
