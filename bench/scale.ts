/**
 * The rest of the one pipeline's measurements (issue "One request pipeline", item 6), each
 * on an app of its own, against the same bare Express baseline:
 * - a rush of 20,000 people, whose rate must stay within 0.85 of the 5,000 rush's (cost
 *   that does not grow with the waitlist);
 * - the rush and the event page with request logs on (LOG_LEVEL=info), reported;
 * - the rush on PostgreSQL through `start:cluster` with two workers: exact, rate reported.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCH_SIZES, combine, measureGet, measureGetAgainst, type LoadFigures } from './load.js';
import { benchAppEnv, freePort, startChild, type Child } from './processes.js';
import { checkRush, fetchEvent, planRush, runRush, RUSH_SLUG, type RushCheck } from './rush.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SCALE_SETTINGS = BENCH_SIZES;

export interface RushFigures extends LoadFigures {
  name: string;
  people: number;
  baselineRequestsPerSecond: number;
  ratio: number;
  check: RushCheck;
}

export interface ScaleResult {
  /** The 20,000 rush against the 5,000 rush on a fresh app each. */
  small: RushFigures;
  big: RushFigures;
  growthRatio: number;
  growthGoal: number;
  growthMet: boolean;
  logsOn: { rush: RushFigures; page: LoadFigures & { baselineRequestsPerSecond: number; ratio: number } };
  postgresCluster: RushFigures | { skipped: string };
}

/** A fresh app on a fresh SQLite file; `stop` removes the file too. */
async function freshApp(extra: NodeJS.ProcessEnv = {}, quiet = false): Promise<Child> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-scale-'));
  const app = await startChild(
    'app-process.ts',
    { ...benchAppEnv(`file:${path.join(dir, 'bench.sqlite')}`, dir), ...extra },
    { quiet },
  );
  return {
    ...app,
    stop: async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function rushOn(
  name: string,
  url: string,
  people: number,
  baseline: () => Promise<LoadFigures>,
): Promise<RushFigures> {
  const plan = await planRush(url);
  const before = await baseline();
  const rush = await runRush(url, plan, { people, connections: SCALE_SETTINGS.rushConnections });
  const after = await baseline();
  const check = checkRush(plan, rush.registrations, await fetchEvent(url), rush.load.errors);
  const base = combine([before, after]).requestsPerSecond;
  return {
    name,
    people,
    ...rush.load,
    baselineRequestsPerSecond: base,
    ratio: rush.load.requestsPerSecond / base,
    check,
  };
}

async function waitHealthy(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited()) throw new Error('the cluster exited before it answered');
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('the cluster did not answer within two minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `npm run start:cluster` (compiled) with two workers on a fresh PostgreSQL database. */
async function postgresCluster(baseline: () => Promise<LoadFigures>): Promise<RushFigures | { skipped: string }> {
  const admin = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    return { skipped: `PostgreSQL is not reachable at ${PG_ADMIN}: ${String(err)}` };
  }
  const name = `bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cluster-'));
  const databaseUrl = new URL(PG_ADMIN);
  databaseUrl.pathname = `/${name}`;
  const port = await freePort();
  const cluster = spawn(process.execPath, [path.join(ROOT, 'dist', 'server', 'cluster.js')], {
    env: {
      ...process.env,
      ...benchAppEnv(databaseUrl.toString(), dir),
      PORT: String(port),
      WORKERS: '2',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, () => cluster.exitCode !== null);
    return await rushOn('rush, PostgreSQL, 2 workers', url, SCALE_SETTINGS.people, baseline);
  } finally {
    await new Promise<void>((done) => {
      if (cluster.exitCode !== null) return done();
      cluster.once('exit', () => done());
      cluster.kill('SIGTERM');
    });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchScale(): Promise<ScaleResult> {
  const hello = await startChild('hello.ts', {});
  try {
    return await scaleAgainst(hello.url);
  } finally {
    await hello.stop();
  }
}

async function scaleAgainst(helloUrl: string): Promise<ScaleResult> {
  const s = SCALE_SETTINGS;
  const baseline = () => measureGet(`${helloUrl}/`, { connections: s.getConnections, seconds: s.seconds });

  const runFresh = async (name: string, people: number): Promise<RushFigures> => {
    const app = await freshApp();
    try {
      return await rushOn(name, app.url, people, baseline);
    } finally {
      await app.stop();
    }
  };
  const small = await runFresh(`rush of ${s.people}`, s.people);
  const big = await runFresh(`rush of ${s.bigPeople}`, s.bigPeople);
  const growthRatio = big.requestsPerSecond / small.requestsPerSecond;

  const logged = await freshApp({ LOG_LEVEL: 'info' }, true);
  let logsOn: ScaleResult['logsOn'];
  try {
    const rush = await rushOn('rush, request logs on', logged.url, s.people, baseline);
    const page = await measureGetAgainst(`${logged.url}/events/${RUSH_SLUG}`, `${helloUrl}/`, {
      connections: s.getConnections,
      seconds: s.seconds,
      rounds: s.rounds,
    });
    logsOn = {
      rush,
      page: {
        ...page.figures,
        baselineRequestsPerSecond: page.baseline.requestsPerSecond,
        ratio: page.figures.requestsPerSecond / page.baseline.requestsPerSecond,
      },
    };
  } finally {
    await logged.stop();
  }

  const postgres = await postgresCluster(baseline);
  return {
    small,
    big,
    growthRatio,
    growthGoal: 0.85,
    growthMet: growthRatio >= 0.85 && small.check.ok && big.check.ok,
    logsOn,
    postgresCluster: postgres,
  };
}

const num = (v: number, digits = 0): string => v.toFixed(digits).padStart(8);

function rushLine(r: RushFigures): string {
  return (
    `${r.name.padEnd(32)}${num(r.requestsPerSecond)} ${num(r.p50Ms, 1)} ${num(r.p99Ms, 1)} ${num(r.errors + r.non2xx)}  ` +
    `${num(r.baselineRequestsPerSecond)}  ${r.ratio.toFixed(2).padStart(5)}  ${r.check.ok ? 'exact' : `WRONG: ${r.check.problems.join('; ')}`}`
  );
}

export function printScale(r: ScaleResult): void {
  console.log('\nScale, request logs and PostgreSQL (each on a fresh app, same baseline):');
  console.log(`${'scenario'.padEnd(32)}   req/s   p50 ms   p99 ms   errors  baseline  ratio  check`);
  console.log(rushLine(r.small));
  console.log(rushLine(r.big));
  console.log(
    `  ${r.big.people} rush at ${r.growthRatio.toFixed(2)} of the ${r.small.people} rush's rate ` +
      `(goal ≥ ${r.growthGoal}: ${r.growthMet ? 'met' : 'NOT met'})`,
  );
  console.log(rushLine(r.logsOn.rush));
  const p = r.logsOn.page;
  console.log(
    `${'event page, request logs on'.padEnd(32)}${num(p.requestsPerSecond)} ${num(p.p50Ms, 1)} ${num(p.p99Ms, 1)} ` +
      `${num(p.errors + p.non2xx)}  ${num(p.baselineRequestsPerSecond)}  ${p.ratio.toFixed(2).padStart(5)}`,
  );
  if ('skipped' in r.postgresCluster) console.log(`PostgreSQL cluster rush skipped: ${r.postgresCluster.skipped}`);
  else console.log(rushLine(r.postgresCluster));
}
