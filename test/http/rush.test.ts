import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

interface Item {
  sessionId: number;
  status: string;
  waitlistPosition: number | null;
}
interface RegistrationJson {
  id: number;
  items: Item[];
  manageUrl: string;
}

describe('a registration rush at one region with 100 workshop places', () => {
  const { t } = useTestApp({ seed: false });
  let event: BuiltConference;
  beforeAll(async () => {
    event = await conference(t.db, t.clock.now(), { places: 100 });
  });
  let server: { url: string; close: () => Promise<void> };
  const results: RegistrationJson[] = [];
  const N = 320;

  beforeAll(async () => {
    server = await listen(t.app);
    const [a, b] = event.workshops.riga ?? [0, 0];
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        fetch(`${server.url}/api/v1/events/${event.slug}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(person({ sessionIds: [i % 2 === 0 ? a : b] })),
        }),
      ),
    );
    for (const r of responses) {
      expect(r.status).toBe(201);
      results.push(((await r.json()) as { registration: RegistrationJson }).registration);
    }
  });

  afterAll(async () => {
    await server.close();
  });

  const workshopItem = (r: RegistrationJson): Item => {
    const item = r.items.find((i) => i.sessionId !== event.plenary.riga);
    if (!item) throw new Error('no workshop item');
    return item;
  };

  it('when 320 people register at once, then exactly 100 are confirmed', async () => {
    const confirmed = results.filter((r) => workshopItem(r).status === 'confirmed');
    expect(confirmed).toHaveLength(100);
    const quota = (await t.db('quotas').where('id', event.quota.riga).first()) as { used: number; size: number };
    expect(quota.used).toBe(100);
    const count = (await t
      .db('seats')
      .whereIn('session_id', event.workshops.riga ?? [])
      .andWhere('status', 'confirmed')
      .count({ n: '*' })
      .first()) as { n: number };
    expect(Number(count.n)).toBe(100);
  });

  it('then everyone else waits with positions 1..n, no gaps and no repeats', () => {
    const positions = results
      .map((r) => workshopItem(r))
      .filter((i) => i.status === 'waitlisted')
      .map((i) => i.waitlistPosition)
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(positions).toEqual(Array.from({ length: N - 100 }, (_, i) => i + 1));
  });

  it('then everyone has a confirmed plenary seat', () => {
    for (const r of results) {
      expect(r.items.find((i) => i.sessionId === event.plenary.riga)?.status).toBe('confirmed');
    }
  });

  it('then the confirmed ones are the first 100 by commit order', async () => {
    const seats = (await t
      .db('seats')
      .whereIn('session_id', event.workshops.riga ?? [])
      .orderBy('id')
      .select('status')) as { status: string }[];
    expect(seats.slice(0, 100).every((s) => s.status === 'confirmed')).toBe(true);
    expect(seats.slice(100).every((s) => s.status === 'waitlisted')).toBe(true);
  });

  it('when a confirmed person cancels their workshop, then position 1 is promoted and the rest move up', async () => {
    const byPosition = (p: number): RegistrationJson | undefined =>
      results.find((r) => workshopItem(r).waitlistPosition === p);
    const first = byPosition(1);
    const second = byPosition(2);
    const last = byPosition(N - 100);
    const leaving = results.find((r) => workshopItem(r).status === 'confirmed');
    if (!first || !second || !last || !leaving) throw new Error('fixture incomplete');
    const token = (url: string): string => url.split('/r/')[1] ?? '';

    const seat = (await t
      .db('seats')
      .where({ registration_id: leaving.id, session_id: workshopItem(leaving).sessionId })
      .first('id')) as { id: number };
    // As a browser would: open the manage page (CSRF cookie + token), then send the form.
    const manage = await fetch(`${server.url}/r/${token(leaving.manageUrl)}`);
    const cookie = (manage.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await manage.text())?.[1] ?? '';
    const cancel = await fetch(`${server.url}/r/${token(leaving.manageUrl)}/seats/${seat.id}/cancel`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, confirm: 'yes' }).toString(),
    });
    expect(cancel.status).toBe(303);

    const view = async (r: RegistrationJson): Promise<Item> => {
      const res = await fetch(`${server.url}/api/v1/registrations/${token(r.manageUrl)}`);
      return workshopItem(((await res.json()) as { registration: RegistrationJson }).registration);
    };
    expect(await view(first)).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(await view(second)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(await view(last)).toMatchObject({ status: 'waitlisted', waitlistPosition: N - 101 });
    expect((await view(leaving)).status).toBe('cancelled');

    const quota = (await t.db('quotas').where('id', event.quota.riga).first()) as { used: number };
    expect(quota.used).toBe(100);
    const promotedMail = await t.db('outbox').where({ kind: 'promoted', registration_id: first.id });
    expect(promotedMail).toHaveLength(1);
  });
});
