import { describe, expect, it } from 'vitest';
import { anonymous, organizer, PASSWORD } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';

/**
 * Issue 15, finding 2: an attacker who knows an organizer's address sends wrong
 * passwords from one client address. The organizer signing in from another address
 * still gets in; the attacker's address is slowed down with waits that grow, and each
 * 429's Retry-After is exactly the wait left.
 */
describe('sign-in throttling per account and client address', () => {
  const { t } = useTestApp({ perTest: true });
  const ATTACKER = '198.51.100.7';
  const ORGANIZER = '203.0.113.20';

  async function setUp() {
    // The proxy in front tells the client address; the app trusts it (as TRUST_PROXY does).
    t.app.set('trust proxy', true);
    await organizer(t, 'admin@example.lv', 'admin');
    const browser = await anonymous(t);
    const from = (ip: string, password: string) =>
      browser.agent
        .post('/admin/login')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ _csrf: browser.csrf, email: 'admin@example.lv', password, next: '/admin' });
    return from;
  }

  it('when an attacker fails again and again from one address, then the organizer still signs in from another', async () => {
    const from = await setUp();
    for (let i = 0; i < 5; i++) await from(ATTACKER, `wrong-${i}-password`).expect(401);
    for (let i = 0; i < 5; i++) {
      const res = await from(ATTACKER, `wrong-again-${i}`);
      expect([401, 429]).toContain(res.status);
      t.clock.advance(60_000);
    }
    const organizerSignsIn = await from(ORGANIZER, PASSWORD);
    expect(organizerSignsIn.status, 'the organizer from another address').toBe(303);
  });

  it("when the attacker's address keeps failing, then it waits longer each time and Retry-After is the real wait", async () => {
    const from = await setUp();
    for (let i = 0; i < 5; i++) await from(ATTACKER, `wrong-${i}-password`).expect(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const blocked = await from(ATTACKER, 'still wrong').expect(429);
      const wait = Number(blocked.headers['retry-after']);
      expect(wait, `round ${round}: Retry-After`).toBeGreaterThan(0);
      waits.push(wait);
      // One second before the wait ends the address is still refused, and told so truthfully.
      t.clock.advance((wait - 1) * 1000);
      const almost = await from(ATTACKER, 'still wrong').expect(429);
      expect(almost.headers['retry-after'], `round ${round}: one second left`).toBe('1');
      // Once the wait is over, the address may try again (and fails: a wrong password).
      t.clock.advance(1000);
      await from(ATTACKER, `wrong-round-${round}`).expect(401);
    }
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] ?? 0);
    // The right password from the attacker's address is also refused while it waits.
    const blocked = await from(ATTACKER, PASSWORD).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(waits.at(-1) ?? 0);
  });

  it('when one address fails across many accounts, then a much higher per-address cap stops it, with the real wait', async () => {
    const from = await setUp();
    const browser = await anonymous(t);
    const guess = (email: string) =>
      browser.agent
        .post('/admin/login')
        .set('X-Forwarded-For', ATTACKER)
        .type('form')
        .send({ _csrf: browser.csrf, email, password: 'wrong password!' });
    let refused = null as null | { status: number; headers: Record<string, string> };
    for (let i = 0; i < 200 && !refused; i++) {
      const res = await guess(`someone-${i}@example.lv`);
      if (res.status === 429) refused = res as unknown as typeof refused;
      else expect(res.status).toBe(401);
    }
    expect(refused, 'a per-address cap').not.toBeNull();
    const wait = Number(refused?.headers['retry-after']);
    t.clock.advance((wait - 1) * 1000);
    await guess('another@example.lv').expect(429);
    t.clock.advance(1000);
    await guess('another@example.lv').expect(401);
    // The organizer from elsewhere is not affected.
    await from(ORGANIZER, PASSWORD).expect(303);
  });
});
