import { pino } from 'pino';
import request from 'supertest';
import type { Response } from 'supertest';
import type { Express } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { organizer, PASSWORD } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';
import { csrfOf } from '../support/forms.js';

const ADMIN = 'admin@example.lv';
const COLLEAGUE = 'riga@example.lv';

/** The Set-Cookie line of the cookie `name` ('' when the response sets none). */
function setCookieLine(res: Response, name: string): string {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((h) => h.startsWith(`${name}=`)) ?? '';
}

const valueOf = (line: string, name: string): string => line.slice(name.length + 1).split(';')[0] ?? '';

/**
 * Issue "Every scarce place to a real, reachable person", item 5: the back office's CSRF
 * token is bound to the session, and on https its cookie is `__Host-`. An attacker who can
 * plant cookies for the site (a sibling subdomain, a "cookie toss") cannot pass the check
 * with a seed and token of their own. The tests write every cookie by hand, to put in a
 * request exactly what an attacker could.
 */
describe('CSRF tokens of the back office are bound to the session', () => {
  const { t } = useTestApp({ seed: false });

  beforeAll(async () => {
    await organizer(t, ADMIN, 'admin');
    await organizer(t, COLLEAGUE, 'coordinator', ['riga']);
  });

  /** The login form of a fresh browser: its CSRF seed (the cookie's value) and token. */
  async function loginForm(app: Express = t.app, cookie = 'csrf') {
    const page = await request(app).get('/admin/login').expect(200);
    return { seed: valueOf(setCookieLine(page, cookie), cookie), token: csrfOf(page.text) };
  }

  /** A browser signed in as `email`: its CSRF seed and session cookie. */
  async function session(email: string) {
    const { seed, token } = await loginForm();
    const res = await request(t.app)
      .post('/admin/login')
      .set('Cookie', `csrf=${seed}`)
      .type('form')
      .send({ _csrf: token, email, password: PASSWORD })
      .expect(303);
    return { seed, sid: valueOf(setCookieLine(res, 'sid'), 'sid'), loginToken: token };
  }

  /** The form token a page of the back office carries for these cookies. */
  async function tokenFor(cookies: string): Promise<string> {
    return csrfOf((await request(t.app).get('/admin/account').set('Cookie', cookies).expect(200)).text);
  }

  /** A back-office form with an effect that is easy to count: a new API token. */
  const createApiToken = (cookies: string, token: string, name: string) =>
    request(t.app).post('/admin/account/tokens').set('Cookie', cookies).type('form').send({ _csrf: token, name });

  const apiTokens = async (name: string) =>
    Number(((await t.db('api_tokens').where('name', name).count({ n: '*' }).first()) as { n: number | string }).n);

  it('when a form token of one session is sent with another session, then it is refused (403)', async () => {
    const a = await session(ADMIN);
    const b = await session(ADMIN);
    const tokenOfA = await tokenFor(`csrf=${a.seed}; sid=${a.sid}`);
    // The same seed, the token made for session A, but session B's cookie: refused.
    const refused = await createApiToken(`csrf=${a.seed}; sid=${b.sid}`, tokenOfA, 'across sessions');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Jums nav piekļuves.');
    expect(await apiTokens('across sessions')).toBe(0);
    // The login form's token, made before there was a session, no longer serves either.
    await createApiToken(`csrf=${a.seed}; sid=${a.sid}`, a.loginToken, 'across sessions').expect(403);
    // In its own session the token works.
    await createApiToken(`csrf=${a.seed}; sid=${a.sid}`, tokenOfA, 'across sessions').expect(200);
    expect(await apiTokens('across sessions')).toBe(1);
  });

  it("when an attacker tosses their own seed and its token into a signed-in organizer's cookies, then the check refuses them", async () => {
    const victim = await session(ADMIN);
    // A seed and token the attacker got as an anonymous visitor…
    const anonymous = await loginForm();
    await createApiToken(`csrf=${anonymous.seed}; sid=${victim.sid}`, anonymous.token, 'tossed').expect(403);
    // …or in a session of their own (a colleague's account).
    const attacker = await session(COLLEAGUE);
    const attackersToken = await tokenFor(`csrf=${attacker.seed}; sid=${attacker.sid}`);
    await createApiToken(`csrf=${attacker.seed}; sid=${victim.sid}`, attackersToken, 'tossed').expect(403);
    expect(await apiTokens('tossed')).toBe(0);
  });

  describe('on https', () => {
    const https = () =>
      createApp({ ctx: { ...t.ctx, baseUrl: 'https://registracija.example.lv' }, logger: pino({ level: 'silent' }) });

    it('the CSRF cookie is __Host-csrf: Secure, Path=/, no Domain, httpOnly, SameSite=Lax', async () => {
      const page = await request(https()).get('/admin/login').expect(200);
      const line = setCookieLine(page, '__Host-csrf');
      expect(line).toMatch(/^__Host-csrf=[\w-]{32};/);
      expect(line.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax', 'Secure']);
      expect(setCookieLine(page, 'csrf'), 'no plain csrf cookie').toBe('');
    });

    it('the sign-in sets a Secure device cookie sent to the sign-in only, and a planted plain csrf cookie is not read', async () => {
      const app = https();
      const form = await loginForm(app, '__Host-csrf');
      const res = await request(app)
        .post('/admin/login')
        .set('Cookie', `__Host-csrf=${form.seed}`)
        .type('form')
        .send({ _csrf: form.token, email: ADMIN, password: PASSWORD })
        .expect(303);
      const device = setCookieLine(res, 'login_device');
      expect(device).toMatch(/^login_device=[\w.~-]+;/);
      expect(
        device
          .split('; ')
          .slice(1)
          .filter((a) => !a.startsWith('Expires='))
          .sort(),
      ).toEqual(['HttpOnly', 'Max-Age=15552000', 'Path=/admin/login', 'SameSite=Lax', 'Secure']);
      expect(setCookieLine(res, 'sid')).toMatch(/; Secure/);
      // A sibling subdomain can set a plain `csrf` cookie for the whole domain, with a seed
      // and token it got from the site; on https that cookie is not the one read.
      const planted = await loginForm(t.app);
      const tossed = await request(app)
        .post('/admin/login')
        .set('Cookie', `csrf=${planted.seed}`)
        .type('form')
        .send({ _csrf: planted.token, email: ADMIN, password: PASSWORD });
      expect(tossed.status).toBe(403);
      expect(setCookieLine(tossed, 'sid')).toBe('');
    });
  });
});
