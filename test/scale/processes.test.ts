import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoIds, DEMO_SLUG, person, type DemoIds, type TestApp } from '../support/app.js';
import { testDialect } from '../support/db.js';
import { capacityViolations } from '../support/invariants.js';
import { spawnApp, type AppProcess } from '../support/processes.js';
import { SmtpSink } from '../support/smtp.js';

/**
 * Two real app processes (child processes running server/main.ts) against one
 * database, each with its own outbox dispatcher sending to one SMTP sink. This is the
 * scale-out shape of `npm run start:cluster` and of several hosts. It runs in both
 * passes: PostgreSQL (row locks, SKIP LOCKED claims) and SQLite (one file, its write
 * lock shared by two processes), since "never overbooked" holds on both.
 */

interface Item {
  sessionId: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition: number | null;
}
interface RegistrationJson {
  id: number;
  status: string;
  regionId: string;
  items: Item[];
  manageUrl: string;
}

const REGIONS = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'] as const;
const MUNICIPALITY: Record<string, string> = {
  riga: 'riga',
  vidzeme: 'cesis',
  kurzeme: 'liepaja',
  zemgale: 'jelgava',
  latgale: 'daugavpils',
};
const PER_REGION = 200; // 1,000 in all, 100 places a region
const PLACES = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const tokenOf = (r: RegistrationJson): string => r.manageUrl.split('/r/')[1] ?? '';

/** Counts the 503 "busy" answers that were retried, to report how often it happened. */
let busyAnswers = 0;

/** A request that does what a client is told to do on 503: wait Retry-After, try again. */
async function send(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, init);
    if (res.status !== 503 || attempt >= 20) return res;
    busyAnswers += 1;
    await res.arrayBuffer();
    expect(res.headers.get('retry-after')).toBe('1');
    await sleep(200 + Math.random() * 300);
  }
}

async function postRegistration(app: AppProcess, body: Record<string, unknown>): Promise<RegistrationJson> {
  const res = await send(`${app.url}/api/v1/events/${DEMO_SLUG}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { registration: RegistrationJson }).registration;
}

async function readBack(app: AppProcess, r: RegistrationJson): Promise<RegistrationJson> {
  const res = await send(`${app.url}/api/v1/registrations/${tokenOf(r)}`);
  if (res.status !== 200) throw new Error(`read-back answered ${res.status}`);
  return ((await res.json()) as { registration: RegistrationJson }).registration;
}

/** Runs `tasks` with at most `limit` in flight, keeping the load on 2 cores bounded. */
async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

describe(`two app processes against one ${testDialect} database`, () => {
  let t: TestApp;
  let ids: DemoIds;
  let apps: AppProcess[] = [];
  const sink = new SmtpSink();
  let rush: RegistrationJson[] = [];

  const workshopItem = (r: RegistrationJson): Item => {
    const item = r.items.find((i) => i.sessionId !== ids.plenary[r.regionId]);
    if (!item) throw new Error(`registration ${r.id} has no workshop item`);
    return item;
  };

  /**
   * Reads every waiting person back through the API and checks the positions are 1..n in
   * each region. Only the waiting are read (the database says who they are), to keep
   * the load bounded; none of them may be missing from `candidates`.
   */
  async function expectExactWaitlists(candidates: RegistrationJson[]): Promise<void> {
    const rows = (await t.db('seats').where('status', 'waitlisted').distinct('registration_id')) as {
      registration_id: number;
    }[];
    const waitingIds = new Set(rows.map((r) => Number(r.registration_id)));
    const waiting = candidates.filter((r) => waitingIds.has(r.id));
    expect(waiting).toHaveLength(waitingIds.size);
    const current = await inParallel(
      waiting.map((r, i) => () => readBack(apps[i % apps.length] as AppProcess, r)),
      50,
    );
    for (const region of REGIONS) {
      const positions = current
        .filter((r) => r.regionId === region)
        .map(workshopItem)
        .map((i) => (i.status === 'waitlisted' ? (i.waitlistPosition ?? 0) : -1))
        .sort((a, b) => a - b);
      expect(positions, region).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
    }
  }

  /** Waits until both dispatchers have emptied the outbox, then checks each message arrived once. */
  async function expectEveryMessageSentOnce(): Promise<number> {
    const until = Date.now() + 60_000;
    for (;;) {
      const open = (await t.db('outbox').whereIn('status', ['pending', 'failed']).count({ n: '*' }).first()) as {
        n: number;
      };
      if (Number(open.n) === 0) break;
      if (Date.now() > until) throw new Error(`${open.n} messages still unsent`);
      await sleep(250);
    }
    const rows = (await t.db('outbox').select('message_id', 'status')) as { message_id: string; status: string }[];
    const sent = rows.filter((r) => r.status === 'sent').map((r) => r.message_id);
    const received = await sink.waitFor(sent.length, 30_000);
    await sleep(500); // a message sent twice would arrive about now
    const ids = sink.received.map((r) => r.mail.messageId ?? '');
    expect(received.length).toBe(ids.length);
    expect(ids.length).toBe(sent.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(sent));
    return ids.length;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t.db);
    await sink.up();
    // Each process signs its mail with its own sender, to tell who sent what.
    apps = await Promise.all(
      [0, 1].map((n) => spawnApp(t.databaseUrl, { SMTP_URL: sink.url, MAIL_FROM: `Skola <noreply-${n}@localhost>` })),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await sink.down();
    await t?.close();
  }, 60_000);

  it('when 1,000 people register at once across five regions and both processes, then exactly 100 a region are confirmed and the waitlists are exact', async () => {
    const started = Date.now();
    const bodies = Array.from({ length: PER_REGION * REGIONS.length }, (_, i) => {
      const region = REGIONS[i % REGIONS.length] ?? 'riga';
      const [a, b] = ids.workshops[region] ?? [0, 0];
      return person({
        regionId: region,
        municipality: MUNICIPALITY[region],
        sessionIds: [Math.floor(i / REGIONS.length) % 2 === 0 ? a : b],
      });
    });
    // All at once: 1,000 requests in flight, half at each process.
    rush = await Promise.all(bodies.map((body, i) => postRegistration(apps[i % 2] as AppProcess, body)));
    const elapsed = Date.now() - started;
    console.log(`rush: 1,000 registrations through 2 processes in ${elapsed} ms, ${busyAnswers} busy answers retried`);

    for (const region of REGIONS) {
      const mine = rush.filter((r) => r.regionId === region).map(workshopItem);
      expect(
        mine.filter((i) => i.status === 'confirmed'),
        region,
      ).toHaveLength(PLACES);
      // Positions as answered at commit time: exactly 1..100, no gaps, no repeats.
      const positions = mine
        .filter((i) => i.status === 'waitlisted')
        .map((i) => i.waitlistPosition ?? 0)
        .sort((a, b) => a - b);
      expect(positions, region).toEqual(Array.from({ length: PER_REGION - PLACES }, (_, i) => i + 1));
      const quota = (await t.db('quotas').where('id', ids.quota[region]).first()) as { used: number; size: number };
      expect(quota).toMatchObject({ used: PLACES, size: PLACES });
    }
    // First by commit order: in each region the 100 lowest seat sequences are the confirmed ones.
    for (const region of REGIONS) {
      const seats = (await t
        .db('seats')
        .whereIn('session_id', ids.workshops[region] ?? [])
        .orderBy('id')
        .select('status')) as { status: string }[];
      expect(
        seats.slice(0, PLACES).every((s) => s.status === 'confirmed'),
        region,
      ).toBe(true);
    }
    await expectExactWaitlists(rush);
    expect(await capacityViolations(t.db)).toEqual([]);
  }, 120_000);

  it('then every outbox message is sent exactly once, shared between the two dispatchers', async () => {
    const count = await expectEveryMessageSentOnce();
    expect(count).toBeGreaterThanOrEqual(PER_REGION * REGIONS.length);
    // Both dispatchers took part: the outbox was shared, not drained by one process.
    const senders = new Set(sink.received.map((r) => r.mail.from?.value[0]?.address));
    expect(senders).toEqual(new Set(['noreply-0@localhost', 'noreply-1@localhost']));
  }, 90_000);

  it('when cancellations, workshop switches and new registrations interleave across both processes, then every counter equals its COUNT and the waitlists stay 1..n', async () => {
    // Cancel a mix of confirmed and waiting people in every region while others register.
    const leaving = rush.filter((_, i) => i % 4 === 0); // 250: about half confirmed, half waiting
    const cancels = leaving.map((r, i) => async (): Promise<RegistrationJson | null> => {
      const res = await send(`${apps[i % 2]?.url}/api/v1/registrations/${tokenOf(r)}`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      return null;
    });
    const arrivals = Array.from({ length: 200 }, (_, i) => {
      const region = REGIONS[i % REGIONS.length] ?? 'riga';
      const [a, b] = ids.workshops[region] ?? [0, 0];
      const body = person({ regionId: region, municipality: MUNICIPALITY[region], sessionIds: [i % 2 ? a : b] });
      return (): Promise<RegistrationJson | null> => postRegistration(apps[(i + 1) % 2] as AppProcess, body);
    });
    // Some confirmed people move to the other workshop of their region meanwhile.
    const movers = rush.filter((r, i) => i % 4 === 1 && workshopItem(r).status === 'confirmed').slice(0, 50);
    const switches = await Promise.all(
      movers.map(async (r, i) => {
        const from = workshopItem(r).sessionId;
        const [a, b] = ids.workshops[r.regionId] ?? [0, 0];
        const seat = (await t.db('seats').where({ registration_id: r.id, session_id: from }).first('id')) as {
          id: number;
        };
        return async (): Promise<RegistrationJson | null> => {
          // As a browser: the manage page gives the CSRF cookie and token the form needs.
          const page = await send(`${apps[i % 2]?.url}/r/${tokenOf(r)}`, {});
          const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
          const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
          const res = await send(`${apps[i % 2]?.url}/r/${tokenOf(r)}/seats/${seat.id}/switch`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
            body: new URLSearchParams({ sessionId: String(from === a ? b : a), confirm: 'yes', _csrf: csrf }),
            redirect: 'manual',
          });
          expect(res.status).toBe(303);
          await res.arrayBuffer();
          return null;
        };
      }),
    );
    // Interleave: cancel, register, switch, cancel, register, ...
    const tasks: (() => Promise<RegistrationJson | null>)[] = [];
    for (let i = 0; i < Math.max(cancels.length, arrivals.length); i++) {
      for (const task of [cancels[i], arrivals[i], switches[i]]) if (task) tasks.push(task);
    }
    const results = await inParallel(tasks, 100);
    const newcomers = results.filter((r): r is RegistrationJson => r !== null);
    expect(newcomers).toHaveLength(200);

    expect(await capacityViolations(t.db)).toEqual([]);
    for (const region of REGIONS) {
      const quota = (await t.db('quotas').where('id', ids.quota[region]).first()) as { used: number };
      const confirmed = (await t
        .db('seats')
        .whereIn('session_id', ids.workshops[region] ?? [])
        .andWhere('status', 'confirmed')
        .count({ n: '*' })
        .first()) as { n: number };
      expect(quota.used, region).toBe(Number(confirmed.n));
      // 100 places, and more than 100 people still want one in every region.
      expect(quota.used, region).toBe(PLACES);
    }
    // Every mover holds exactly one active workshop seat, now in the other workshop.
    for (const r of movers) {
      const items = (await readBack(apps[0] as AppProcess, r)).items.filter(
        (i) => i.sessionId !== ids.plenary[r.regionId] && i.status !== 'cancelled',
      );
      expect(items).toHaveLength(1);
      expect(items[0]?.status).toBe('confirmed');
      expect(items[0]?.sessionId).not.toBe(workshopItem(r).sessionId);
    }
    const leftIds = new Set(leaving.map((r) => r.id));
    await expectExactWaitlists([...rush.filter((r) => !leftIds.has(r.id)), ...newcomers]);
    expect(await t.db('registrations').where('status', 'cancelled').count({ n: '*' }).first()).toEqual({ n: 250 });
    await expectEveryMessageSentOnce();
  }, 120_000);
});
