import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;
const BANNER =
  /class="notification-banner notification-banner-success" role="alert"[\s\S]*?notification-banner-heading">([^<]+)</;

describe('the back office tells: notices after actions, places per session', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
  });
  beforeEach(async () => {
    await organizer(t, 'admin@example.lv', 'admin');
  });

  it('every organizer action ends with a notice on the page it returns to; an unknown notice shows nothing', async () => {
    const browser = await signIn(t, 'admin@example.lv');
    const follow = async (res: { headers: Record<string, string | undefined> }) =>
      BANNER.exec((await browser.agent.get(res.headers.location ?? '').expect(200)).text)?.[1];

    const anna = await register(t.ctx, event.slug, input());
    expect(await follow(await browser.post(`/admin/registrations/${anna.registration.id}/resend`).expect(303))).toBe(
      'Apstiprinājums ielikts sūtīšanas rindā.',
    );
    expect(
      await follow(
        await browser
          .post('/admin/organizers', {
            email: 'jauns@example.lv',
            name: 'Jauns',
            role: 'admin',
            password: 'correct horse battery',
          })
          .expect(303),
      ),
    ).toBe('Organizators pievienots.');
    expect(
      await follow(
        await browser
          .post(`/admin/events/${event.slug}/quotas`, {
            name: 'Telpa',
            size: '60',
            sessionIds: String(event.workshops.riga?.[0]),
          })
          .expect(303),
      ),
    ).toBe('Vietu limits izveidots.');
    const cancelled = await browser
      .post(`/admin/registrations/${anna.registration.id}/cancel`, { confirm: 'yes' })
      .expect(303);
    expect(await follow(cancelled)).toMatch(/^Reģistrācija atcelta/);

    const plain = await browser.agent.get(`/admin/events/${event.slug}?done=nothingLikeThis`).expect(200);
    expect(plain.text).not.toContain('notification-banner');
  });

  it('the dashboard shows places per workshop with its waitlist, so an empty workshop next to a full one shows', async () => {
    await t.db('quotas').where('id', event.quota.riga).update({ size: 1 });
    const [a, b] = (event.workshops.riga ?? [0, 0]) as [number, number];
    await register(t.ctx, event.slug, input({ sessionIds: [a] }));
    await register(t.ctx, event.slug, input({ sessionIds: [b] }));
    await register(t.ctx, event.slug, input({ sessionIds: [b] }));
    const browser = await signIn(t, 'admin@example.lv');
    const page = (await browser.agent.get('/admin').expect(200)).text;
    const title = async (id: number) =>
      ((await t.db('sessions').where('id', id).first('title_lv')) as { title_lv: string }).title_lv;
    // A row names its session by title, day and place; its counts are links to the people.
    const row = (name: string) => {
      const at = page.indexOf(`<th scope="row">${name} — `);
      if (at < 0) return undefined;
      const tr = page.slice(at, page.indexOf('</tr>', at));
      return [...tr.matchAll(/<td class="num"[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
        (m[1] ?? '').replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, ''),
      );
    };
    expect(row(await title(a))).toEqual(['1', '0', '0']);
    expect(row(await title(b))).toEqual(['0', '0', '2']);
  });

  it('the public event page shows places left per workshop where their pools differ, and only there', async () => {
    const b = event.workshops.riga?.[1] ?? 0;
    const browser = await signIn(t, 'admin@example.lv');
    await browser
      .post(`/admin/events/${event.slug}/quotas`, { name: 'Maza telpa', size: '0', sessionIds: String(b) })
      .expect(303);
    const page = (await request(t.app).get(`/events/${event.slug}`).expect(200)).text;
    const riga = /<section class="region" aria-labelledby="region-riga">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    expect(riga).toContain('Brīvas vietas šajā darbnīcā: 100');
    expect(riga).toContain('Šajā darbnīcā vietu nav');
    const vidzeme =
      /<section class="region" aria-labelledby="region-vidzeme">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    expect(vidzeme).not.toContain('šajā darbnīcā');
  });
});
