/**
 * Scarce places under a rush (docs/places.md): the registration rush with address
 * confirmation on (places held, a fixed-text message each) against the same rush with it
 * off, measured in the same run on the same machine, alternating, each on a fresh app;
 * then the confirm click under load — every held place's person opens their link and
 * presses the button, many at once.
 *
 * `npx tsx bench/places.ts` alone, or as part of `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TokenVault } from '../server/security/tokens.js';
import { BENCH_SIZES, type LoadFigures } from './load.js';
import { benchAppEnv, startChild } from './processes.js';
import { checkRush, fetchEvent, planRush, runRush, type RushCheck } from './rush.js';

export interface PlacesBenchResult {
  people: number;
  connections: number;
  /** Alternating rounds: the rush with confirmation off, then on. */
  rounds: { off: LoadFigures; on: LoadFigures; checkOff: RushCheck; checkOn: RushCheck }[];
  /** Requests/s of all "on" rounds over all "off" rounds. */
  ratio: number;
  goal: number;
  clicks: ClickFigures;
  met: boolean;
}

export interface ClickFigures {
  clicks: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
  /** Every held place confirmed, and no other. */
  exact: boolean;
}

const GOAL = 0.9;
const SECRET = benchAppEnv('', '').SESSION_SECRET ?? '';

/** One rush on a fresh app with ADDRESS_CONFIRMATION as given; the app is kept for `then`. */
async function rushOn<T>(
  confirmation: 'on' | 'off',
  then: (app: { url: string; database: string }) => Promise<T>,
): Promise<{ load: LoadFigures; check: RushCheck; after: T }> {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-places-${confirmation}-`));
  const database = path.join(dir, 'bench.sqlite');
  const app = await startChild('app-process.ts', {
    ...benchAppEnv(`file:${database}`, dir),
    ADDRESS_CONFIRMATION: confirmation,
  });
  try {
    const plan = await planRush(app.url);
    const rush = await runRush(app.url, plan, { people: BENCH_SIZES.people, connections: BENCH_SIZES.rushConnections });
    const check = checkRush(plan, rush.registrations, await fetchEvent(app.url), rush.load.errors);
    const after = await then({ url: app.url, database });
    return { load: rush.load, check, after };
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The manage tokens of every registration holding a place that waits for its address. */
function heldTokens(database: string): string[] {
  const db = new Database(database, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT DISTINCT registrations.token_sealed AS sealed FROM registrations
           JOIN seats ON seats.registration_id = registrations.id
          WHERE seats.status = 'held'`,
      )
      .all() as { sealed: string }[];
    const vault = new TokenVault(SECRET);
    return rows.map((r) => vault.unseal(r.sealed) ?? '');
  } finally {
    db.close();
  }
}

function count(database: string, status: string): number {
  const db = new Database(database, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM seats WHERE status = ?').get(status) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** One person's click: the page from the link (its CSRF cookie and token), then the button. */
async function click(url: string, token: string): Promise<boolean> {
  const page = await fetch(`${url}/r/${token}`);
  const html = await page.text();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const res = await fetch(`${url}/r/${token}/confirm-address`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
    redirect: 'manual',
  });
  return res.status === 303;
}

/** Every held place's person confirms at once, `concurrency` at a time. */
async function clicks(url: string, database: string, concurrency: number): Promise<ClickFigures> {
  const tokens = heldTokens(database);
  const held = tokens.length;
  const confirmedBefore = count(database, 'confirmed');
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++] ?? '';
        const t0 = process.hrtime.bigint();
        if (!(await click(url, token).catch(() => false))) failed += 1;
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return {
    clicks: held,
    concurrency,
    seconds,
    perSecond: held / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: times[times.length - 1] ?? 0,
    failed,
    exact: count(database, 'held') === 0 && count(database, 'confirmed') === confirmedBefore + held,
  };
}

export async function benchPlaces(rounds = 2, concurrency = 50): Promise<PlacesBenchResult> {
  const results: PlacesBenchResult['rounds'] = [];
  let clickFigures: ClickFigures | null = null;
  for (let i = 0; i < rounds; i++) {
    const off = await rushOn('off', () => Promise.resolve(null));
    const on = await rushOn('on', async (app) =>
      i === rounds - 1 ? clicks(app.url, app.database, concurrency) : null,
    );
    if (on.after) clickFigures = on.after;
    results.push({ off: off.load, on: on.load, checkOff: off.check, checkOn: on.check });
  }
  const rate = (pick: (r: PlacesBenchResult['rounds'][number]) => LoadFigures): number =>
    results.reduce((n, r) => n + pick(r).requests, 0) / results.reduce((n, r) => n + pick(r).seconds, 0);
  const ratio = rate((r) => r.on) / rate((r) => r.off);
  const clicksDone = clickFigures ?? {
    clicks: 0,
    concurrency,
    seconds: 0,
    perSecond: 0,
    p50Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    failed: 0,
    exact: false,
  };
  const exact = results.every((r) => r.checkOff.ok && r.checkOn.ok) && clicksDone.exact && clicksDone.failed === 0;
  return {
    people: BENCH_SIZES.people,
    connections: BENCH_SIZES.rushConnections,
    rounds: results,
    ratio,
    goal: GOAL,
    clicks: clicksDone,
    met: ratio >= GOAL && exact,
  };
}

export function printPlaces(r: PlacesBenchResult): void {
  console.log(`\nScarce places: the rush of ${r.people} at ${r.connections} connections, address confirmation off/on`);
  for (const [i, round] of r.rounds.entries()) {
    const line = (name: string, f: LoadFigures, ok: boolean) =>
      `  round ${i + 1} ${name.padEnd(4)} ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${f.p50Ms
        .toFixed(0)
        .padStart(5)} ms  p99 ${f.p99Ms.toFixed(0).padStart(5)} ms  ${ok ? 'exact' : 'NOT EXACT'}`;
    console.log(line('off', round.off, round.checkOff.ok));
    console.log(line('on', round.on, round.checkOn.ok));
    for (const p of [...round.checkOff.problems, ...round.checkOn.problems]) console.log(`    ${p}`);
  }
  console.log(`  on / off: ${r.ratio.toFixed(2)} (goal ≥ ${r.goal})`);
  const c = r.clicks;
  console.log(
    `  confirm clicks: ${c.clicks} at ${c.concurrency} at once, ${c.perSecond.toFixed(0)}/s, p50 ${c.p50Ms.toFixed(
      0,
    )} ms, p99 ${c.p99Ms.toFixed(0)} ms, max ${c.maxMs.toFixed(0)} ms, ${c.failed} failed, ${
      c.exact ? 'every held place confirmed' : 'NOT EXACT'
    }`,
  );
  console.log(`  ${r.met ? 'met' : 'NOT MET'}`);
}

// Run alone: `npx tsx bench/places.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchPlaces();
  printPlaces(result);
  if (!result.met) process.exitCode = 1;
}
