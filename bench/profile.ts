/**
 * `npm run bench:profile`: where the registration rush's time goes. The rush of
 * bench/http.ts on a fresh app profiled by V8 (`--cpu-prof`); the samples taken while the
 * rush ran are summed by the part of the stack they were in (the function on top of the
 * stack: a native call such as better-sqlite3's counts for the JavaScript that made it).
 * Prints milliseconds, the share of the rush's time and microseconds per registration.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_SIZES } from './load.js';
import { benchAppEnv, startChild } from './processes.js';
import { checkRush, fetchEvent, planRush, runRush } from './rush.js';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The parts, first match wins; `url` is the script of the function on top of the stack. */
const PARTS: [string, (fn: string, url: string) => boolean][] = [
  ['idle (waiting for the network)', (fn) => fn === '(idle)'],
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  // better-sqlite3's statements run natively inside the calls of these two.
  ['SQLite: statements, COMMIT and its fsync', (_, url) => /better-sqlite3|\/server\/db\/sql\.js$/.test(url)],
  ['knex (transactions)', (_, url) => url.includes('/node_modules/knex/')],
  [
    'Express, router, body parser',
    (_, url) =>
      /\/node_modules\/(express|router|body-parser|raw-body|type-is|parseurl|iconv-lite|mime|finalhandler)/.test(url),
  ],
  ['zod (validation)', (_, url) => url.includes('/node_modules/zod/')],
  ['the app (dist/server)', (_, url) => url.includes('/dist/server/')],
  ['other libraries', (_, url) => url.includes('/node_modules/')],
  ['Node: HTTP, sockets, streams; native code', () => true],
];

function summarise(profile: CpuProfile, fromUs: number, toUs: number): Map<string, number> {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parts = new Map(PARTS.map(([name]) => [name, 0]));
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const lasted = profile.timeDeltas[i + 1] ?? 0;
    if (at < fromUs || at > toUs) return;
    const frame = frames.get(id);
    const part = PARTS.find(([, test]) => test(frame?.functionName ?? '', frame?.url ?? ''))?.[0] ?? '';
    parts.set(part, (parts.get(part) ?? 0) + lasted / 1000);
  });
  return parts;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-profile-'));
const profiles = path.join(dir, 'profiles');
// The child's V8 stamps samples with the same monotonic clock as process.hrtime.
process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${profiles} --cpu-prof-interval=250`;
try {
  const app = await startChild('app-process.ts', benchAppEnv(`file:${path.join(dir, 'bench.sqlite')}`, dir));
  const people = BENCH_SIZES.people;
  const plan = await planRush(app.url);
  const from = nowUs();
  const rush = await runRush(app.url, plan, { people, connections: BENCH_SIZES.rushConnections });
  // Up to the last answer: autocannon itself returns only at its next whole-second tick.
  const to = from + rush.load.seconds * 1e6;
  const check = checkRush(plan, rush.registrations, await fetchEvent(app.url), rush.load.errors);
  await app.stop();
  const [file] = readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the app wrote no profile');
  const parts = summarise(JSON.parse(readFileSync(path.join(profiles, file), 'utf8')) as CpuProfile, from, to);
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `Rush of ${people} at ${BENCH_SIZES.rushConnections} connections, profiled: ` +
      `${rush.load.requestsPerSecond.toFixed(0)} req/s, ${check.ok ? 'exact' : 'WRONG'}; ` +
      `the app's main thread over the rush's ${(total / 1000).toFixed(2)} s`,
  );
  console.log(`${'part'.padEnd(42)}      ms   share  µs per registration`);
  for (const [name, ms] of [...parts].sort((a, b) => b[1] - a[1])) {
    const share = `${((100 * ms) / total).toFixed(1)} %`;
    console.log(
      `${name.padEnd(42)}${ms.toFixed(0).padStart(8)}${share.padStart(8)}${((ms * 1000) / people).toFixed(0).padStart(8)}`,
    );
  }
  if (!check.ok) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
