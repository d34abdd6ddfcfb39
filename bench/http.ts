/**
 * HTTP bench: the app (child process, fresh SQLite file, demo programme) against a bare
 * Express "hello" server measured in the same run. Every figure is also a ratio to that
 * baseline, so runs on different machines can be compared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_SIZES, combine, measureGet, measureGetAgainst, type LoadFigures } from './load.js';
import { outboxDrained } from './outbox.js';
import { benchAppEnv, startChild } from './processes.js';
import { checkRush, fetchEvent, planRush, runRush, runRushReference, RUSH_SLUG, type RushCheck } from './rush.js';

export interface Scenario extends LoadFigures {
  name: string;
  /** The hello server's requests/s, measured just before this scenario. */
  baselineRequestsPerSecond: number;
  ratio: number;
  goal: string;
  met: boolean;
}

export interface HttpBenchResult {
  baselines: LoadFigures[];
  scenarios: Scenario[];
  rush: RushCheck;
  /**
   * Where the rush's time goes: the same requests to a bare Express POST and to the app
   * refusing them before their transaction, each with its ratio (reported, no goals).
   */
  rushReferences: Scenario[];
  peakRssMb: number;
  /** Seconds after the rush until its mail had left the outbox. */
  outboxDrainSeconds: number;
  rssGoalMb: number;
  met: boolean;
  settings: typeof SETTINGS;
}

const SETTINGS = BENCH_SIZES;

const RSS_GOAL_MB = 200;
const MB = 1024 * 1024;

// autocannon's errors include its timeouts.
const clean = (f: LoadFigures): number => f.errors + f.non2xx;

function scenario(name: string, f: LoadFigures, baseline: LoadFigures, minRatio: number, maxP99?: number): Scenario {
  const baselineRequestsPerSecond = baseline.requestsPerSecond;
  const ratio = f.requestsPerSecond / baselineRequestsPerSecond;
  const met = ratio >= minRatio && clean(f) === 0 && (maxP99 === undefined || f.p99Ms <= maxP99);
  const goal = `ratio ≥ ${minRatio.toFixed(2)}${maxP99 === undefined ? '' : `, p99 ≤ ${maxP99} ms`}, no errors`;
  return { name, ...f, baselineRequestsPerSecond, ratio, goal, met };
}

export async function benchHttp(): Promise<HttpBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-http-'));
  const hello = await startChild('hello.ts', {});
  const database = path.join(dir, 'bench.sqlite');
  const app = await startChild('app-process.ts', benchAppEnv(`file:${database}`, dir));
  try {
    const get = { connections: SETTINGS.getConnections, seconds: SETTINGS.seconds };
    // The machine is shared: every ratio compares figures measured under the same outside
    // load. The rush, one of a kind, is framed by a baseline before and one after it;
    // each page scenario alternates with the baseline in rounds.
    const baselines: LoadFigures[] = [];
    const baseline = async (): Promise<LoadFigures> => {
      const figures = await measureGet(`${hello.url}/`, get);
      baselines.push(figures);
      return figures;
    };

    // The rush first, on the fresh database, as at the opening of registration.
    const plan = await planRush(app.url);
    const before = await baseline();
    app.resetPeakRss();
    const rush = await runRush(app.url, plan, { people: SETTINGS.people, connections: SETTINGS.rushConnections });
    const peakRssMb = app.peakRss() / MB;
    // autocannon counts timeouts among errors: requests that may have registered unseen.
    const check = checkRush(plan, rush.registrations, await fetchEvent(app.url), rush.load.errors);
    const outboxDrainSeconds = await outboxDrained(database);
    const after = await baseline();

    // The same requests without the registration, each framed by baselines like the rush.
    const rushReferences: Scenario[] = [];
    const references = [
      ['bare Express POST', hello.url, 'bare'],
      ['refused by the app', app.url, 'refused'],
    ] as const;
    for (const [name, url, kind] of references) {
      const framing = [await baseline()];
      const load = await runRushReference(url, plan, {
        people: SETTINGS.people,
        connections: SETTINGS.rushConnections,
        kind,
      });
      framing.push(await baseline());
      rushReferences.push({ ...scenario(name, load, combine(framing), 0), goal: 'reported' });
    }

    // Latency at saturation is reported, not a goal (one pipeline: no accept tricks).
    const scenarios = [scenario('registration rush', rush.load, combine([before, after]), 0.25)];
    const pages: [string, string, number][] = [
      ['event page', `/events/${RUSH_SLUG}`, 0.5],
      ['calendar feed', `/events/${RUSH_SLUG}/calendar.ics`, 0.6],
      ['events API', '/api/v1/events', 0.6],
    ];
    for (const [name, url, minRatio] of pages) {
      const measured = await measureGetAgainst(`${app.url}${url}`, `${hello.url}/`, {
        ...get,
        rounds: SETTINGS.rounds,
      });
      baselines.push(measured.baseline);
      scenarios.push(scenario(name, measured.figures, measured.baseline, minRatio));
    }
    const met = scenarios.every((sc) => sc.met) && check.ok && peakRssMb <= RSS_GOAL_MB;
    return {
      baselines,
      scenarios,
      rush: check,
      rushReferences,
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
    `HTTP bench: rush of ${s.people} people at ${s.rushConnections} connections; GETs ${s.seconds} s ` +
      `at ${s.getConnections} connections in ${s.rounds} rounds alternating with the baseline (bare Express hello); ` +
      'rush baseline: before and after it',
  );
  console.log(`${pad('scenario', 18)}   req/s   p50 ms   p99 ms   errors  baseline  ratio  goal`);
  for (const sc of r.scenarios) {
    console.log(
      `${pad(sc.name, 18)}${num(sc.requestsPerSecond)} ${num(sc.p50Ms, 1)} ${num(sc.p99Ms, 1)} ${num(clean(sc))}  ` +
        `${num(sc.baselineRequestsPerSecond)}  ${sc.ratio.toFixed(2).padStart(5)}  ${sc.goal}: ${sc.met ? 'met' : 'NOT met'}`,
    );
  }
  console.log(
    'where the rush goes: its requests to a bare Express POST (JSON in, 201 JSON out) and to the app refusing them ' +
      'before any transaction (an unknown municipality: 400), each framed by baselines',
  );
  for (const sc of r.rushReferences) {
    console.log(
      `${pad(sc.name, 18)}${num(sc.requestsPerSecond)} ${num(sc.p50Ms, 1)} ${num(sc.p99Ms, 1)} ${num(clean(sc))}  ` +
        `${num(sc.baselineRequestsPerSecond)}  ${sc.ratio.toFixed(2).padStart(5)}  reported`,
    );
  }
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
