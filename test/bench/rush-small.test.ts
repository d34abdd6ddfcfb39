/**
 * The bench's registration rush (bench/rush.ts) with small numbers: the same requests
 * and the same checks, asserting correctness only. Speed is for `npm run bench`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRush,
  fetchEvent,
  planRush,
  runRush,
  runRushReference,
  type RushCheck,
  type RushPlan,
  type RushRun,
} from '../../bench/rush.js';
import { createTestApp, demoIds, listen, type DemoIds, type TestApp } from '../support/app.js';

const PER_REGION = 130;

describe('the bench rush, small: 130 people in each of the five regions, 25 at once', () => {
  let t: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let ids: DemoIds;
  let plan: RushPlan;
  let run: RushRun;
  let check: RushCheck;

  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false }); // RATE_LIMIT=off, as for any load test
    server = await listen(t.app);
    ids = await demoIds(t.db);
    plan = await planRush(server.url);
    run = await runRush(server.url, plan, { people: PER_REGION * plan.regions.length, connections: 25 });
    check = checkRush(plan, run.registrations, await fetchEvent(server.url));
  });

  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('then every request is answered 201 with a registration', () => {
    expect(run.load.errors + run.load.timeouts + run.load.non2xx).toBe(0);
    expect(run.registrations).toHaveLength(PER_REGION * 5);
  });

  it('then each region has exactly its 100 places confirmed and 30 waiting at positions 1..30', () => {
    expect(check.problems).toEqual([]);
    expect(check.regions.map((r) => [r.region, r.confirmed, r.waitlisted, r.placesLeft])).toEqual(
      ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'].map((r) => [r, 100, PER_REGION - 100, 0]),
    );
  });

  it('then the database agrees: 100 confirmed workshop seats and used = 100 in every region', async () => {
    for (const region of plan.regions) {
      const confirmed = (await t
        .db('seats')
        .whereIn('session_id', ids.workshops[region] ?? [])
        .andWhere('status', 'confirmed')
        .count({ n: '*' })
        .first()) as { n: number };
      expect(Number(confirmed.n)).toBe(100);
      const quota = (await t.db('quotas').where('id', ids.quota[region]).first('used')) as { used: number };
      expect(Number(quota.used)).toBe(100);
    }
  });

  it('the check itself reports a gap in waitlist positions and a confirmation too many', () => {
    const [first, second] = run.registrations.filter((r) => r.regionId === 'riga' && r.items.length > 1);
    if (!first || !second) throw new Error('fixture incomplete');
    const workshop = (ids.workshops.riga ?? [0])[0] ?? 0;
    const tampered = run.registrations.map((r) =>
      r === first
        ? { ...r, items: [{ sessionId: workshop, status: 'waitlisted', waitlistPosition: PER_REGION }] }
        : r === second
          ? {
              ...r,
              items: [
                {
                  sessionId: workshop,
                  status: 'confirmed',
                  waitlistPosition: null,
                  holdExpiresAt: null,
                  offerExpiresAt: null,
                },
              ],
            }
          : r,
    );
    const wrong = checkRush(plan, tampered, { regions: [], sessions: [], quotas: [] });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.some((p) => p.startsWith('riga:'))).toBe(true);
  });

  it("the bench's 'refused' reference is refused before any transaction: 400s, and nothing written", async () => {
    const before = (await t.db('registrations').count({ n: '*' }).first()) as { n: number };
    const outboxBefore = (await t.db('outbox').count({ n: '*' }).first()) as { n: number };
    const refused = await runRushReference(server.url, plan, { people: 50, connections: 10, kind: 'refused' });
    // runRushReference counts any answer other than the expected 400 as an error.
    expect(refused.requests).toBe(50);
    expect(refused.errors + refused.timeouts).toBe(0);
    const after = (await t.db('registrations').count({ n: '*' }).first()) as { n: number };
    const outboxAfter = (await t.db('outbox').count({ n: '*' }).first()) as { n: number };
    expect(Number(after.n)).toBe(Number(before.n));
    expect(Number(outboxAfter.n)).toBe(Number(outboxBefore.n));
  });
});
