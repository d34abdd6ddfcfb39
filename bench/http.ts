/**
 * HTTP bench: the app (child process, fresh SQLite file, demo programme) against a bare
 * Express "hello" server measured in the same run. Every figure is also a ratio to that
 * baseline, so runs on different machines can be compared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureGet, type LoadFigures } from './load.js';
import { outboxDrained } from './outbox.js';
import { startChild } from './processes.js';
import { checkRush, fetchEvent, planRush, runRush, RUSH_SLUG, type RushCheck } from './rush.js';

export interface Scenario extends LoadFigures {
  name: string;
  ratio: number;
  goal: string;
  met: boolean;
}

export interface HttpBenchResult {
  baseline: LoadFigures;
  scenarios: Scenario[];
  rush: RushCheck;
  peakRssMb: number;
  /** Seconds after the rush until its mail had left the outbox. */
  outboxDrainSeconds: number;
  rssGoalMb: number;
  met: boolean;
  settings: typeof SETTINGS;
}

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

const SETTINGS = {
  people: env('BENCH_PEOPLE', 5000),
  rushConnections: env('BENCH_RUSH_CONNECTIONS', 200),
  getConnections: env('BENCH_CONNECTIONS', 100),
  seconds: env('BENCH_SECONDS', 5),
};

const RSS_GOAL_MB = 200;
const MB = 1024 * 1024;

const clean = (f: LoadFigures): number => f.errors + f.timeouts + f.non2xx;

function scenario(name: string, f: LoadFigures, baseline: LoadFigures, minRatio: number, maxP99?: number): Scenario {
  const ratio = f.requestsPerSecond / baseline.requestsPerSecond;
  const met = ratio >= minRatio && clean(f) === 0 && (maxP99 === undefined || f.p99Ms <= maxP99);
  const goal = `ratio ≥ ${minRatio.toFixed(2)}${maxP99 === undefined ? '' : `, p99 ≤ ${maxP99} ms`}, no errors`;
  return { name, ...f, ratio, goal, met };
}

export async function benchHttp(): Promise<HttpBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-http-'));
  const hello = await startChild('hello.ts', {});
  const database = path.join(dir, 'bench.sqlite');
  const app = await startChild('app-process.ts', {
    PORT: '0',
    DATABASE_URL: `file:${database}`,
    DATA_DIR: dir,
    DEMO: 'on',
    LOG_LEVEL: 'silent',
    RATE_LIMIT: 'off',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    BASE_URL: 'http://127.0.0.1:3000',
  });
  try {
    const get = { connections: SETTINGS.getConnections, seconds: SETTINGS.seconds };
    const baseline = await measureGet(`${hello.url}/`, get);
    await hello.stop();

    // The rush first, on the fresh database, as at the opening of registration.
    const plan = await planRush(app.url);
    app.resetPeakRss();
    const rush = await runRush(app.url, plan, { people: SETTINGS.people, connections: SETTINGS.rushConnections });
    const peakRssMb = app.peakRss() / MB;
    // autocannon counts timeouts among errors: requests that may have registered unseen.
    const check = checkRush(plan, rush.registrations, await fetchEvent(app.url), rush.load.errors);
    const outboxDrainSeconds = await outboxDrained(database);

    const scenarios = [
      scenario('registration rush', rush.load, baseline, 0.3, 150),
      scenario('event page', await measureGet(`${app.url}/events/${RUSH_SLUG}`, get), baseline, 0.5),
      scenario('calendar feed', await measureGet(`${app.url}/events/${RUSH_SLUG}/calendar.ics`, get), baseline, 0.6),
      scenario('events API', await measureGet(`${app.url}/api/v1/events`, get), baseline, 0.6),
    ];
    const met = scenarios.every((s) => s.met) && check.ok && peakRssMb <= RSS_GOAL_MB;
    return {
      baseline,
      scenarios,
      rush: check,
      peakRssMb,
      rssGoalMb: RSS_GOAL_MB,
      outboxDrainSeconds,
      met,
      settings: SETTINGS,
    };
  } finally {
    await hello.stop();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (v: number, digits = 0): string => v.toFixed(digits).padStart(8);

export function printHttp(r: HttpBenchResult): void {
  const s = r.settings;
  console.log(
    `HTTP bench: rush of ${s.people} people at ${s.rushConnections} connections; ` +
      `GETs ${s.seconds} s at ${s.getConnections} connections`,
  );
  console.log(`${pad('scenario', 20)}     req/s   p50 ms   p99 ms   errors   ratio  goal`);
  const row = (name: string, f: LoadFigures, ratio: string, goal: string): void =>
    console.log(
      `${pad(name, 20)}${num(f.requestsPerSecond)} ${num(f.p50Ms, 1)} ${num(f.p99Ms, 1)} ${num(clean(f))}  ${ratio}  ${goal}`,
    );
  row('baseline (hello)', r.baseline, ' 1.00', '');
  for (const sc of r.scenarios)
    row(sc.name, sc, sc.ratio.toFixed(2).padStart(5), `${sc.goal}: ${sc.met ? 'met' : 'NOT met'}`);
  console.log(
    `app RSS during the rush: peak ${r.peakRssMb.toFixed(0)} MB (goal ≤ ${r.rssGoalMb} MB: ${r.peakRssMb <= r.rssGoalMb ? 'met' : 'NOT met'})`,
  );
  for (const region of r.rush.regions) {
    console.log(
      `  ${pad(region.region, 8)} ${region.registered} registered: ${region.confirmed} confirmed of ${region.places}, ` +
        `${region.waitlisted} waitlisted, ${region.placesLeft} places left`,
    );
  }
  console.log(
    `mail of the rush out of the outbox ${r.outboxDrainSeconds.toFixed(1)} s after the rush (page figures measured after)`,
  );
  console.log(r.rush.ok ? 'rush correctness: exact' : `rush correctness: WRONG\n  ${r.rush.problems.join('\n  ')}`);
}
