import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { organizer, signIn } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';
import { composedFor } from '../support/compose.js';
import { capacityViolations } from '../support/invariants.js';
import { outboxKinds, registerPath } from '../support/places.js';

const SLUG = 'konference';
const REGISTER = registerPath(SLUG);
const SCRIPT = 'curl/8.5.0';

describe('a burst is visible to organizers, and cancelled in one reviewed step', () => {
  const { t } = useTestApp({ addressConfirmation: true, perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, regions: ['riga', 'kurzeme'] });
  });

  async function burst(n: number) {
    for (let i = 0; i < n; i++) {
      await request(t.app)
        .post(REGISTER)
        .set('User-Agent', SCRIPT)
        .send(
          person({ name: `Izdomāts ${i}`, email: `fake${i}@example.invalid`, sessionIds: [built.workshops.riga![0]!] }),
        )
        .expect(201);
    }
  }

  it('when one client sends many registrations, the back office lists it with their places, and the organizer cancels them all after reviewing who', async () => {
    await burst(5);
    await request(t.app)
      .post(REGISTER)
      .set('User-Agent', 'Mozilla/5.0 (iPhone)')
      .send(person({ name: 'Īsta Skolotāja', email: 'ista@skola.lv', sessionIds: [built.workshops.riga![0]!] }))
      .expect(201);
    await organizer(t, 'admin@example.lv', 'admin');
    const admin = await signIn(t, 'admin@example.lv');

    const list = await admin.agent.get(`/admin/events/${SLUG}/clients`).expect(200);
    expect(list.text).toContain('Reģistrācijas pēc sūtītāja');
    const client = /\/clients\/([0-9a-f]{32})"/.exec(list.text)?.[1] ?? '';
    expect(client).not.toBe('');
    // One client with five: the other person, alone, is not listed.
    expect(list.text.match(/\/clients\/[0-9a-f]{32}"/g)).toHaveLength(1);
    expect(list.text).toMatch(
      /<td class="num">5<\/td>\s*<td class="num">5<\/td>\s*<td class="num">5<\/td>\s*<td class="num">5<\/td>/,
    );

    const review = await admin.agent.get(`/admin/events/${SLUG}/clients/${client}`).expect(200);
    for (let i = 0; i < 5; i++) expect(review.text).toContain(`fake${i}@example.invalid`);
    expect(review.text).not.toContain('ista@skola.lv');
    expect(review.text).toContain('Atcelt reģistrācijas (5)');
    // Reviewing changed nothing.
    expect(await t.db('registrations').where('status', 'active').count({ n: '*' }).first()).toMatchObject({ n: 6 });

    const done = await admin.post(`/admin/events/${SLUG}/clients/${client}/cancel`).expect(303);
    expect(done.headers.location).toBe(`/admin/events/${SLUG}/clients?done=burstCancelled&n=5`);
    const after = await admin.agent.get(String(done.headers.location)).expect(200);
    expect(after.text).toContain('Atceltas reģistrācijas: 5.');
    expect(await t.db('registrations').where('status', 'active').count({ n: '*' }).first()).toMatchObject({ n: 1 });
    expect(
      await t.db('audit_log').where('action', 'registration.cancel_burst').count({ n: '*' }).first(),
    ).toMatchObject({
      n: 5,
    });
    // Nothing goes to a made-up address that never answered: the cancellation is queued but not composed.
    expect(await outboxKinds(t, 'fake0@example.invalid')).toEqual(['address_confirm', 'registration_cancelled']);
    expect(await composedFor(t, 'fake0@example.invalid')).toEqual([]);
    expect(await capacityViolations(t.db)).toEqual([]);
    const used = (await t.db('quotas').where('id', built.quota.riga!).first('used')) as { used: number };
    expect(Number(used.used)).toBe(1);
  });

  it('then a coordinator sees only the registrations of their regions', async () => {
    await burst(3);
    await organizer(t, 'k@example.lv', 'coordinator', ['kurzeme']);
    const coordinator = await signIn(t, 'k@example.lv');
    const list = await coordinator.agent.get(`/admin/events/${SLUG}/clients`).expect(200);
    expect(list.text).toContain('Neviens sūtītājs nav nosūtījis vairāk par vienu reģistrāciju.');
  });

  it("then the organizer sees held places with their deadlines on the session's waitlist page", async () => {
    await burst(2);
    await organizer(t, 'admin@example.lv', 'admin');
    const admin = await signIn(t, 'admin@example.lv');
    const page = await admin.agent.get(`/admin/sessions/${built.workshops.riga![0]!}/waitlist`).expect(200);
    expect(page.text).toContain('Rezervētas un piedāvātas vietas');
    expect(page.text).toContain('fake1@example.invalid');
    expect(page.text).toContain('Vieta rezervēta');
    const event = await admin.agent.get(`/admin/events/${SLUG}`).expect(200);
    expect(event.text).toContain('Rezervētas: 2; piedāvātas: 0.');
    const filtered = await admin.agent.get(`/admin/events/${SLUG}/registrations?status=held`).expect(200);
    expect(filtered.text).toContain('fake0@example.invalid');
  });
});
