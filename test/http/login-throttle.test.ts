import request from 'supertest';
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEVICE_FAILURE_LIMIT } from '../../server/features/organizers/loginDevices.js';
import { UNTRUSTED_LIMIT_PER_ACCOUNT } from '../../server/features/organizers/signIn.js';
import { anonymous, auditActions, organizer, PASSWORD } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';
import { csrfOf } from '../support/forms.js';

const ADMIN = 'admin@example.lv';
const COLLEAGUE = 'riga@example.lv';
/** The shared address of a school: the attacker and the organizers sit behind it. */
const SCHOOL = '198.51.100.7';
const HOME = '203.0.113.20';

/** The value of the cookie `name` that a response sets ('' when it sets none). */
function cookieSet(res: Response, name: string): string {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = headers.find((h) => h.startsWith(`${name}=`)) ?? '';
  return line.slice(name.length + 1).split(';')[0] ?? '';
}

/**
 * Issue "Every scarce place to a real, reachable person", item 5: no lockout of the right
 * password. Wrong passwords are slowed per (account, client address) and per account across
 * addresses, never across accounts; a browser that signed in to the account before (a
 * device cookie) is not slowed by what others did wrong. Waits use the test clock.
 */
describe('sign-in throttling: only wrong passwords are slowed, never the right one of someone else', () => {
  // On the hour, so that the hour windows of the per-account limit are exact.
  const { t } = useTestApp({ perTest: true, seed: false, now: new Date('2026-12-07T10:00:00.000Z') });

  /** A browser of its own (its cookie jar), signing in from whatever address the test says. */
  async function browser() {
    const { agent, csrf } = await anonymous(t);
    const b = {
      agent,
      csrf,
      signIn: (ip: string, email: string, password: string, lang?: 'en') =>
        agent
          .post(`/admin/login${lang ? `?lang=${lang}` : ''}`)
          .set('X-Forwarded-For', ip)
          .type('form')
          .send({ _csrf: b.csrf, email, password, next: '/admin' }),
      /** Signs out (the session ends, the device cookie stays) and opens the login form again. */
      signOut: async () => {
        const page = await agent.get('/admin').expect(200);
        await agent
          .post('/admin/logout')
          .type('form')
          .send({ _csrf: csrfOf(page.text) })
          .expect(303);
        b.csrf = csrfOf((await agent.get('/admin/login').expect(200)).text);
      },
    };
    return b;
  }

  /** An organizer's browser that signed in once from `ip` and signed out: it has a device cookie. */
  async function knownBrowser(ip: string, email = ADMIN) {
    const b = await browser();
    const res = await b.signIn(ip, email, PASSWORD).expect(303);
    expect(cookieSet(res, 'login_device'), 'a device cookie').not.toBe('');
    await b.signOut();
    return b;
  }

  /**
   * Sends wrong passwords until `count` of them were checked (401), waiting out each 429
   * on the test clock as an attacker would; returns how many 429s there were.
   */
  async function failTimes(count: number, send: () => Promise<Response>): Promise<number> {
    let failures = 0;
    let waits = 0;
    while (failures < count) {
      const res = await send();
      if (res.status === 429) {
        waits += 1;
        t.clock.advance(Number(res.headers['retry-after']) * 1000);
      } else {
        expect(res.status, `attempt ${failures + waits + 1}`).toBe(401);
        failures += 1;
      }
    }
    return waits;
  }

  async function setUp() {
    // The proxy in front tells the client address; the app trusts it (as TRUST_PROXY does).
    t.app.set('trust proxy', true);
    await organizer(t, ADMIN, 'admin');
    await organizer(t, COLLEAGUE, 'coordinator', ['riga']);
  }

  it('when 60 wrong sign-ins for other accounts and unknown e-mails come from one address, then the right password from that address signs in', async () => {
    await setUp();
    const attacker = await browser();
    // Unknown e-mails, and a colleague's account (five times: its own free failures).
    for (let i = 0; i < 55; i++)
      await attacker.signIn(SCHOOL, `someone-${i}@example.lv`, 'wrong password!').expect(401);
    for (let i = 0; i < 5; i++) await attacker.signIn(SCHOOL, COLLEAGUE, `wrong-${i}-password`).expect(401);
    const organizerAtSchool = await browser();
    await organizerAtSchool.signIn(SCHOOL, ADMIN, PASSWORD).expect(303);
    // The audit log keeps every failure and the sign-in, as before.
    const actions = await auditActions(t);
    expect(actions.filter((a) => a === 'login.fail')).toHaveLength(60);
    expect(actions.at(-1)).toBe('login');
  });

  it('when an attacker sends 60 wrong passwords for an account from a shared address, then its owner still signs in there from a browser that signed in before, and from another address', async () => {
    await setUp();
    const owner = await knownBrowser(SCHOOL);
    const attacker = await browser();
    const waits = await failTimes(60, () => attacker.signIn(SCHOOL, ADMIN, 'a wrong guess!'));
    expect(waits, 'the attacker was slowed').toBeGreaterThan(50);
    // Right after the 60th failure the address waits its longest wait for this account…
    const stranger = await browser();
    const refused = await stranger.signIn(SCHOOL, ADMIN, PASSWORD).expect(429);
    expect(refused.headers['retry-after']).toBe('900');
    // …but the owner's browser is not slowed, and neither is the owner elsewhere.
    await owner.signIn(SCHOOL, ADMIN, PASSWORD).expect(303);
    const atHome = await browser();
    await atHome.signIn(HOME, ADMIN, PASSWORD).expect(303);
    // The owner signing in did not give the attacker's address its free guesses back.
    await attacker.signIn(SCHOOL, ADMIN, 'a wrong guess!').expect(429);
    // Other accounts behind the address are not touched by it at all.
    const colleague = await browser();
    await colleague.signIn(SCHOOL, COLLEAGUE, PASSWORD).expect(303);
  });

  it('when a new browser must wait, then it is told how long and that a browser that signed in before is not slowed, in Latvian and in English', async () => {
    await setUp();
    const attacker = await browser();
    for (let i = 0; i < 5; i++) await attacker.signIn(SCHOOL, ADMIN, `wrong-${i}-password`).expect(401);
    const lv = await (await browser()).signIn(SCHOOL, ADMIN, PASSWORD).expect(429);
    expect(lv.headers['retry-after']).toBe('30');
    expect(lv.text).toContain(
      'Pārāk daudz nepareizu mēģinājumu pieteikties šajā kontā no šī tīkla. Mēģiniet vēlreiz pēc 30 sekundēm. ' +
        'Pārlūkā, kurā šajā kontā jau esat pieteikušies, var pieteikties bez gaidīšanas.',
    );
    // The form is there again, with the e-mail kept, to try once the wait is over.
    expect(lv.text).toContain('value="admin@example.lv"');
    expect(lv.text).toContain('action="/admin/login"');
    t.clock.advance(10_000);
    const en = await (await browser()).signIn(SCHOOL, ADMIN, PASSWORD, 'en').expect(429);
    expect(en.headers['retry-after']).toBe('20');
    expect(en.text).toContain(
      'Too many wrong attempts to sign in to this account from this network. Try again in 20 seconds. ' +
        'A browser in which you have signed in to this account before can sign in without waiting.',
    );
    // A wait of minutes is said in minutes (rounded up); Retry-After keeps the exact seconds.
    t.clock.advance(20_000);
    await attacker.signIn(SCHOOL, ADMIN, 'wrong again').expect(401);
    t.clock.advance(60_000);
    await attacker.signIn(SCHOOL, ADMIN, 'wrong again').expect(401);
    t.clock.advance(1_000);
    const minutes = await (await browser()).signIn(SCHOOL, ADMIN, PASSWORD).expect(429);
    expect(minutes.headers['retry-after']).toBe('119');
    expect(minutes.text).toContain('Mēģiniet vēlreiz pēc 2 minūtēm.');
    // A refused attempt is not a failure: no audit entry, no session.
    expect((await auditActions(t)).filter((a) => a === 'login.fail')).toHaveLength(7);
    expect(await t.db('web_sessions').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when many addresses guess one account, then new browsers wait for the hour to end, but not the owner’s browser nor other accounts', async () => {
    await setUp();
    const owner = await knownBrowser(HOME);
    const botnet = await browser();
    for (let i = 0; i < UNTRUSTED_LIMIT_PER_ACCOUNT; i++) {
      await botnet.signIn(`10.0.${i >> 8}.${i & 255}`, ADMIN, `guess ${i}`).expect(401);
    }
    const stranger = await browser();
    const refused = await stranger.signIn('192.0.2.1', ADMIN, PASSWORD).expect(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.text).toContain(
      'Šajā kontā pēdējā stundā ir bijis pārāk daudz nepareizu mēģinājumu pieteikties. Mēģiniet vēlreiz pēc 60 minūtēm. ' +
        'Pārlūkā, kurā šajā kontā jau esat pieteikušies, var pieteikties bez gaidīšanas.',
    );
    await owner.signIn('192.0.2.1', ADMIN, PASSWORD).expect(303);
    await (await browser()).signIn('192.0.2.1', COLLEAGUE, PASSWORD).expect(303);
    t.clock.advance(3600_000);
    await stranger.signIn('192.0.2.1', ADMIN, PASSWORD).expect(303);
  });

  it(`when a browser that signed in before sends ${DEVICE_FAILURE_LIMIT} wrong passwords in a row, then it is slowed like any other`, async () => {
    await setUp();
    const known = await knownBrowser(SCHOOL);
    // A few typing mistakes, then the right password: never a wait, and the count starts again.
    for (let i = 0; i < DEVICE_FAILURE_LIMIT - 1; i++) await known.signIn(SCHOOL, ADMIN, `typo ${i}`).expect(401);
    await known.signIn(SCHOOL, ADMIN, PASSWORD).expect(303);
    await known.signOut();
    for (let i = 0; i < DEVICE_FAILURE_LIMIT; i++) await known.signIn(SCHOOL, ADMIN, `guess ${i}`).expect(401);
    // Its cookie no longer counts: the address's own free failures, then waits.
    for (let i = 0; i < 5; i++) await known.signIn(SCHOOL, ADMIN, `more ${i}`).expect(401);
    const refused = await known.signIn(SCHOOL, ADMIN, PASSWORD).expect(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.text).toContain(
      'Šajā pārlūkā ir ievadīts pārāk daudz nepareizu paroļu. Mēģiniet vēlreiz pēc 30 sekundēm.',
    );
    // Once the wait is over the right password signs in, and the browser is trusted again.
    t.clock.advance(30_000);
    await known.signIn(SCHOOL, ADMIN, PASSWORD).expect(303);
    await known.signOut();
    for (let i = 0; i < DEVICE_FAILURE_LIMIT; i++) await known.signIn(SCHOOL, ADMIN, `again ${i}`).expect(401);
  });

  describe('the device cookie', () => {
    /** The login form's CSRF cookie and token, for requests whose cookies the test writes itself. */
    async function form() {
      const page = await request(t.app).get('/admin/login').expect(200);
      return { seed: `csrf=${cookieSet(page, 'csrf')}`, token: csrfOf(page.text) };
    }

    async function signInWith(device: string, password = PASSWORD): Promise<Response> {
      const { seed, token } = await form();
      return await request(t.app)
        .post('/admin/login')
        .set('X-Forwarded-For', SCHOOL)
        .set('Cookie', [seed, `login_device=${device}`].join('; '))
        .type('form')
        .send({ _csrf: token, email: ADMIN, password });
    }

    /** The device cookie a browser gets by signing in (a browser of its own). */
    async function deviceOf(email: string): Promise<string> {
      const res = await (await browser()).signIn(HOME, email, PASSWORD).expect(303);
      return cookieSet(res, 'login_device');
    }

    async function blockSchool() {
      const attacker = await browser();
      for (let i = 0; i < 5; i++) await attacker.signIn(SCHOOL, ADMIN, `wrong-${i}-password`).expect(401);
    }

    it('is httpOnly, SameSite=Lax, for 180 days, and names the account, a nonce, its expiry and a signature', async () => {
      await setUp();
      const res = await (await browser()).signIn(HOME, ADMIN, PASSWORD).expect(303);
      const line = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((h) => h.startsWith('login_device='));
      expect(
        line
          ?.split('; ')
          .slice(1)
          .filter((a) => !a.startsWith('Expires='))
          .sort(),
      ).toEqual(['HttpOnly', 'Max-Age=15552000', 'Path=/admin/login', 'SameSite=Lax']);
      const admin = (await t.db('organizers').where('email', ADMIN).first('id')) as { id: number };
      const expires = Math.floor(t.clock.now().getTime() / 1000) + 180 * 24 * 3600;
      expect(cookieSet(res, 'login_device')).toMatch(
        new RegExp(`^${admin.id}\\.[\\w-]{22}\\.${expires}\\.[\\w-]{43}$`),
      );
    });

    it('spares its browser the waits only when it is signed, unexpired and for that account', async () => {
      await setUp();
      const own = await deviceOf(ADMIN);
      const colleagues = await deviceOf(COLLEAGUE);
      await blockSchool();
      const [id, nonce, expires, signature = ''] = own.split('.');
      const forged = [
        `${id}.${nonce}.${expires}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
        `${id}.${nonce}.${Number(expires) + 3600}.${signature}`,
        colleagues,
        `${colleagues.split('.')[0]}.${nonce}.${expires}.${signature}`,
        '',
        'x'.repeat(5000),
        '1.2.3.4',
        '~~~~',
        '%ZZ',
        `${own}~`.repeat(20),
      ];
      for (const device of forged) {
        const res = await signInWith(device);
        expect(res.status, `device cookie ${device.slice(0, 60)}`).toBe(429);
      }
      // With the browser's own cookie among others, it signs in at once.
      expect((await signInWith(`${colleagues}~${own}`)).status).toBe(303);
      // Half a year later the cookie has expired: the browser is a stranger again (one more
      // wrong password makes the address wait again: its count went on from five).
      t.clock.advance(181 * 24 * 3600_000);
      await (await browser()).signIn(SCHOOL, ADMIN, 'wrong once more').expect(401);
      expect((await signInWith(own)).status).toBe(429);
    });

    it('keeps the entries of other accounts, so a shared office computer stays trusted for each organizer', async () => {
      await setUp();
      const office = await knownBrowser(SCHOOL, ADMIN);
      await office.signIn(SCHOOL, COLLEAGUE, PASSWORD).expect(303);
      await office.signOut();
      await blockSchool();
      const attacker = await browser();
      for (let i = 0; i < 5; i++) await attacker.signIn(SCHOOL, COLLEAGUE, `wrong-${i}-password`).expect(401);
      await office.signIn(SCHOOL, ADMIN, PASSWORD).expect(303);
      await office.signOut();
      await office.signIn(SCHOOL, COLLEAGUE, PASSWORD).expect(303);
    });
  });

  it("when the attacker's address keeps failing, then it waits longer each time and Retry-After is the real wait", async () => {
    await setUp();
    const attacker = await browser();
    const from = (password: string) => attacker.signIn(SCHOOL, ADMIN, password);
    for (let i = 0; i < 5; i++) await from(`wrong-${i}-password`).expect(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const blocked = await from('still wrong').expect(429);
      const wait = Number(blocked.headers['retry-after']);
      expect(wait, `round ${round}: Retry-After`).toBeGreaterThan(0);
      waits.push(wait);
      // One second before the wait ends the address is still refused, and told so truthfully.
      t.clock.advance((wait - 1) * 1000);
      const almost = await from('still wrong').expect(429);
      expect(almost.headers['retry-after'], `round ${round}: one second left`).toBe('1');
      // Once the wait is over, the address may try again (and fails: a wrong password).
      t.clock.advance(1000);
      await from(`wrong-round-${round}`).expect(401);
    }
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] ?? 0);
    // The right password from a new browser at the attacker's address is also refused while it waits.
    const blocked = await (await browser()).signIn(SCHOOL, ADMIN, PASSWORD).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(waits.at(-1) ?? 0);
  });
});
