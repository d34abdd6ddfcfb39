import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiToken, auditActions, organizer, PASSWORD, signIn } from '../support/admin.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import type { Organizer } from '../../server/domain/organizers.js';

const SLUG = 'konference';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** The "end" links of sessions and tokens on the account page. */
const endLinks = (html: string): string[] =>
  [...html.matchAll(/href="(\/admin\/account\/(?:sessions|tokens)\/[\w-]+\/(?:end|revoke))"/g)].map((m) => m[1] ?? '');

/**
 * changing a password ends the account's other sign-ins; the
 * account page lists active sessions and API tokens and can end each (two steps).
 */
describe('sessions of an account', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  beforeEach(() => conference(t.db, t.clock.now(), { slug: SLUG }));
  let admin: Organizer;

  beforeEach(async () => {
    admin = await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  it('when the password is changed, then every other session of the account is signed out at its next request', async () => {
    const here = await signIn(t, 'admin@example.lv');
    const elsewhere = await signIn(t, 'admin@example.lv');
    const colleague = await signIn(t, 'riga@example.lv');
    await here.post('/admin/account/password', { current: PASSWORD, password: 'a new password 2' }).expect(200);
    const out = await elsewhere.agent.get('/admin').expect(303);
    expect(out.headers.location).toBe('/admin/login?next=%2Fadmin');
    await here.agent.get('/admin').expect(200);
    await colleague.agent.get('/admin').expect(200);
    expect(await auditActions(t)).toContain('session.end');
  });

  it('the account page lists active sessions (when, last seen, client) and tokens; each can be ended in two steps', async () => {
    const here = await signIn(t, 'admin@example.lv');
    const firefox = request.agent(t.app);
    const login = await firefox.get('/admin/login').set('User-Agent', FIREFOX_ON_LINUX).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
    await firefox
      .post('/admin/login')
      .set('User-Agent', FIREFOX_ON_LINUX)
      .type('form')
      .send({ _csrf: csrf, email: 'admin@example.lv', password: PASSWORD, next: '/admin' })
      .expect(303);
    const token = await apiToken(t, admin);
    await request(t.app).get(`/api/v1/admin/events/${SLUG}/registrations`).set('Authorization', `Bearer ${token}`);

    const account = await here.agent.get('/admin/account').expect(200);
    expect(account.text).toContain('Aktīvās sesijas');
    expect(account.text).toContain('Firefox, Linux');
    expect(account.text).toContain('Šī sesija');
    const links = endLinks(account.text);
    expect(links, 'one link for the other session, one for the token').toHaveLength(2);
    const [endSession, revokeToken] = [
      links.find((l) => l.includes('/sessions/')) ?? '',
      links.find((l) => l.includes('/tokens/')) ?? '',
    ];

    // Step one: a confirmation page with the way forward (a form) and the way back.
    const confirm = await here.agent.get(endSession).expect(200);
    expect(confirm.text).toContain(`action="${endSession}"`);
    expect(confirm.text).toContain('href="/admin/account"');
    await firefox.get('/admin').set('User-Agent', FIREFOX_ON_LINUX).expect(200);
    // Step two: ended.
    await here.post(endSession).expect(303);
    await firefox.get('/admin').set('User-Agent', FIREFOX_ON_LINUX).expect(303);
    await here.agent.get('/admin').expect(200);

    const confirmRevoke = await here.agent.get(revokeToken).expect(200);
    expect(confirmRevoke.text).toContain(`action="${revokeToken}"`);
    await here.post(revokeToken).expect(303);
    await request(t.app)
      .get(`/api/v1/admin/events/${SLUG}/registrations`)
      .set('Authorization', `Bearer ${token}`)
      .expect(401);

    const after = await here.agent.get('/admin/account?lang=en').expect(200);
    expect(after.text).not.toContain('Firefox, Linux');
    expect(endLinks(after.text)).toHaveLength(0);
    const actions = await auditActions(t);
    expect(actions).toContain('session.end');
    expect(actions).toContain('token.revoke');
  });

  it("one organizer cannot end another's session", async () => {
    const other = await signIn(t, 'admin@example.lv');
    const riga = await signIn(t, 'riga@example.lv');
    await signIn(t, 'riga@example.lv');
    const links = endLinks((await riga.agent.get('/admin/account').expect(200)).text);
    const rigaSession = links.find((l) => l.includes('/sessions/')) ?? '/admin/account/sessions/x/end';
    await other.agent.get(rigaSession).expect(404);
    await other.post(rigaSession).expect(404);
    const rows = (await t.db('web_sessions').count({ n: '*' }).first()) as { n: number | string };
    expect(Number(rows.n)).toBe(3);
    await riga.agent.get(rigaSession).expect(200);
  });
});
