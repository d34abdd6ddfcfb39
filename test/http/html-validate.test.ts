import { createRequire } from 'node:module';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { organizer, signIn } from '../support/admin.js';
import { DEMO_SLUG } from '../support/app.js';
import { useTestApp } from '../support/fixtures.js';

/**
 * html-validate's `standard` preset on every page. html-validate is not a dependency yet
 * (issue 17 asks for it; adding a dev dependency is the maintainers' call): until
 * `npm install -D html-validate` the test is skipped with this note, and
 * test/http/clean-pages.test.ts checks the faults found so far (a <form> inside a <p>,
 * heading jumps, titles) without it.
 */
const available = (() => {
  try {
    createRequire(import.meta.url).resolve('html-validate');
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!available)('html-validate (standard) on every page', () => {
  const { t } = useTestApp();

  const PUBLIC = [
    '/',
    `/events/${DEMO_SLUG}`,
    `/events/${DEMO_SLUG}/register?region=riga`,
    '/events/ievadseminari',
    '/privacy',
    '/accessibility',
  ];
  const ADMIN = [
    '/admin',
    `/admin/events/${DEMO_SLUG}`,
    `/admin/events/${DEMO_SLUG}/registrations`,
    `/admin/events/${DEMO_SLUG}/report`,
    '/admin/audit',
    '/admin/access',
    '/admin/privacy',
  ];

  it('has 0 errors on the public and organizer pages', async () => {
    const moduleName = 'html-validate';
    const { HtmlValidate } = (await import(moduleName)) as {
      HtmlValidate: new (config: unknown) => {
        validateString(
          html: string,
        ): Promise<{ valid: boolean; results: { messages: { message: string; line: number }[] }[] }>;
      };
    };
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    await organizer(t, 'valid@example.lv');
    const { agent } = await signIn(t, 'valid@example.lv');
    for (const path of PUBLIC) {
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
