/**
 * deploy/nginx/skola.conf run for real, by any user, on 127.0.0.1 (rendered by
 * deploy/nginx/render-local.sh into a temporary directory), for its test
 * (test/deploy/nginx.test.ts) and for the bench: the event page during a refresh storm
 * and the registration rush, through nginx, against the same bare Express baseline as
 * bench/http.ts.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_SIZES, combine, measureGetAgainst, measureGet, type LoadFigures } from './load.js';
import { outboxDrained } from './outbox.js';
import { benchAppEnv, freePort, startChild, type Child } from './processes.js';
import { checkRush, fetchEvent, planRush, runRush, RUSH_SLUG, type RushCheck } from './rush.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const RENDER = path.join(ROOT, 'deploy', 'nginx', 'render-local.sh');

/** Debian's nginx; `.ci/run` installs it when it is missing. */
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** Why nginx cannot run here (null: it can): the binary and openssl for the certificate. */
export function nginxMissing(): string | null {
  if (!existsSync(NGINX)) return `nginx at ${NGINX} (apt-get install -y nginx)`;
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl (apt-get install -y openssl)';
  return null;
}

/**
 * Whether the nginx test runs. In CI a missing nginx fails the run; elsewhere the test is
 * skipped with a printed reason (as the browser tests do for Chromium).
 */
export function nginxAvailable(): boolean {
  const missing = nginxMissing();
  if (!missing) return true;
  if (process.env.CI === 'true') throw new Error(`CI: the nginx test needs ${missing}, and it is missing`);
  console.warn(`Skipping the nginx test: it needs ${missing}.`);
  return false;
}

export interface RunningNginx {
  /** Plain http: answers only with the redirect to https. */
  httpUrl: string;
  httpsUrl: string;
  /** Plain http to the https server's site (only with `plain: true`), for the bench. */
  plainUrl: string | null;
  /** The self-signed certificate (PEM), to trust in requests over https. */
  ca: string;
  brotli: boolean;
  pid: number;
  /** nginx's error log so far (for failure messages). */
  errors: () => string;
  stop: () => Promise<void>;
}

/** Whether something answers HTTP at the URL (any status). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts nginx with skola.conf in front of `upstream` ("127.0.0.1:port", or several
 * separated by commas), listening on free 127.0.0.1 ports, and waits until it answers.
 */
export async function startNginx(opts: {
  upstream: string;
  plain?: boolean;
  workers?: number;
  brotli?: 'auto' | 'on' | 'off';
}): Promise<RunningNginx> {
  let lastError = '';
  // A free port can be taken between looking and binding: then again, with new ports.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [http, https, plain] = [await freePort(), await freePort(), await freePort()];
    const dir = mkdtempSync(path.join(tmpdir(), 'skola-nginx-'));
    const args = [
      '--dir',
      dir,
      '--upstream',
      opts.upstream,
      '--http-port',
      String(http),
      '--https-port',
      String(https),
    ];
    args.push('--workers', String(opts.workers ?? 1), '--brotli', opts.brotli ?? 'auto');
    if (opts.plain) args.push('--plain-port', String(plain));
    execFileSync('sh', [RENDER, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    const child = spawn(
      NGINX,
      ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const errors = (): string => {
      const log = path.join(dir, 'logs', 'error.log');
      return stderr + (existsSync(log) ? readFileSync(log, 'utf8') : '');
    };
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    // The master binds every listener before its workers start: the redirect answering
    // means all of them are up.
    const deadline = Date.now() + 15_000;
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (await answers(`http://127.0.0.1:${http}/`)) {
        ready = true;
        break;
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 25))]);
    }
    if (ready) {
      return {
        httpUrl: `http://127.0.0.1:${http}`,
        httpsUrl: `https://127.0.0.1:${https}`,
        plainUrl: opts.plain ? `http://127.0.0.1:${plain}` : null,
        ca: readFileSync(path.join(dir, 'tls', 'cert.pem'), 'utf8'),
        brotli: existsSync(path.join(dir, 'snippets', 'skola-brotli.conf')),
        pid: child.pid ?? 0,
        errors,
        stop,
      };
    }
    lastError = errors();
    await stop();
    if (!/Address already in use/.test(lastError)) break;
  }
  throw new Error(`nginx did not start:\n${lastError}`);
}

// ---------------------------------------------------------------------------------------
// The bench: `npm run bench` (bench/run.ts) calls benchNginx(); `tsx bench/nginx.ts` runs it alone.

export interface NginxScenario extends LoadFigures {
  name: string;
  baselineRequestsPerSecond: number;
  /** To the bare Express baseline measured alongside. */
  ratio: number;
  goal: string;
  met: boolean | null;
}

export interface NginxBenchResult {
  skipped: string | null;
  scenarios: NginxScenario[];
  /** The rush through nginx: its ratio to the baseline over the direct rush's ratio. */
  rushThroughNginxToDirect: number | null;
  /** The same from the requests/s alone. */
  rushThroughNginxToDirectRaw: number | null;
  rushDirect: RushCheck | null;
  rushThroughNginx: RushCheck | null;
  /** X-Cache-Status of a second request for the event page right after a first. */
  eventPageCacheStatus: string | null;
  met: boolean;
  settings: typeof SETTINGS;
}

// The same sizes as bench/http.ts.
const SETTINGS = BENCH_SIZES;

const PAGE_GOAL = 2;
const RUSH_GOAL = 0.9;

const clean = (f: LoadFigures): number => f.errors + f.non2xx;

function scenario(name: string, f: LoadFigures, baseline: LoadFigures, goal: string, met: boolean | null) {
  const baselineRequestsPerSecond = baseline.requestsPerSecond;
  return { name, ...f, baselineRequestsPerSecond, ratio: f.requestsPerSecond / baselineRequestsPerSecond, goal, met };
}

/** An app child as bench/http.ts starts it (fresh SQLite file, demo programme), behind a proxy. */
async function startApp(dir: string, name: string): Promise<{ app: Child; database: string }> {
  const database = path.join(dir, `${name}.sqlite`);
  const app = await startChild('app-process.ts', {
    ...benchAppEnv(`file:${database}`, path.join(dir, name)),
    TRUST_PROXY: 'loopback',
  });
  return { app, database };
}

/**
 * The rush, direct and through nginx, each on a fresh app (a rush needs an empty
 * programme: a second rush on the same one would only fill waitlists), each framed by a
 * baseline before and after; then, on the app behind nginx, the event page during a
 * refresh storm — through nginx over plain http (the goal), over https, and direct —
 * each alternating with the baseline in rounds. Through nginx the bench speaks plain
 * http to the https site's server (`--plain-port`), so that the figures are nginx's
 * proxy and cache, not the TLS of a client on the same two cores; the https storm is
 * reported beside it.
 */
export async function benchNginx(): Promise<NginxBenchResult> {
  const base = {
    scenarios: [],
    rushThroughNginxToDirect: null,
    rushThroughNginxToDirectRaw: null,
    rushDirect: null,
    rushThroughNginx: null,
  };
  const missing = nginxMissing();
  if (missing) {
    return { ...base, skipped: `needs ${missing}`, eventPageCacheStatus: null, met: true, settings: SETTINGS };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  const hello = await startChild('hello.ts', {});
  const children: Child[] = [hello];
  let nginx: RunningNginx | null = null;
  try {
    const get = { connections: SETTINGS.getConnections, seconds: SETTINGS.seconds };
    const baseline = (): Promise<LoadFigures> => measureGet(`${hello.url}/`, get);
    const rush = { people: SETTINGS.people, connections: SETTINGS.rushConnections };
    const scenarios: NginxScenario[] = [];

    // The rush, direct.
    const direct = await startApp(dir, 'direct');
    children.push(direct.app);
    const directPlan = await planRush(direct.app.url);
    const directBefore = await baseline();
    const directRun = await runRush(direct.app.url, directPlan, rush);
    const directAfter = await baseline();
    const rushDirect = checkRush(
      directPlan,
      directRun.registrations,
      await fetchEvent(direct.app.url),
      directRun.load.errors,
    );
    await direct.app.stop();
    const directScenario = scenario(
      'rush, direct',
      directRun.load,
      combine([directBefore, directAfter]),
      'the reference',
      null,
    );

    // The rush, through nginx.
    const proxied = await startApp(dir, 'proxied');
    children.push(proxied.app);
    nginx = await startNginx({
      upstream: new URL(proxied.app.url).host,
      plain: true,
      workers: SETTINGS.nginxWorkers,
    });
    const front = nginx.plainUrl ?? nginx.httpsUrl;
    // The plan and the check read the app itself: what they count must not be a second old.
    const plan = await planRush(proxied.app.url);
    const before = await baseline();
    const proxiedRun = await runRush(front, plan, rush);
    const after = await baseline();
    const rushThroughNginx = checkRush(
      plan,
      proxiedRun.registrations,
      await fetchEvent(proxied.app.url),
      proxiedRun.load.errors,
    );
    const proxiedFigures = scenario('rush via nginx', proxiedRun.load, combine([before, after]), '', null);
    // Compared as ratios to the baselines framing each rush (the machine is shared); the
    // plain quotient of the two rates is reported beside it.
    const toDirect = proxiedFigures.ratio / directScenario.ratio;
    const rawToDirect = proxiedRun.load.requestsPerSecond / directRun.load.requestsPerSecond;
    proxiedFigures.goal =
      `≥ ${RUSH_GOAL.toFixed(2)} of direct: ${toDirect.toFixed(2)} ` +
      `(req/s alone ${rawToDirect.toFixed(2)}), no errors, exact`;
    proxiedFigures.met = toDirect >= RUSH_GOAL && clean(proxiedRun.load) === 0 && rushThroughNginx.ok;
    scenarios.push(directScenario, proxiedFigures);

    // The refresh storm, once the rush's mail has left the outbox (as in bench/http.ts).
    await outboxDrained(proxied.database);
    const page = `/events/${RUSH_SLUG}`;
    await fetch(`${front}${page}`);
    const cacheStatus = (await fetch(`${front}${page}`)).headers.get('x-cache-status');
    const rounds = { ...get, rounds: SETTINGS.rounds };
    const storms: [string, string, number | null][] = [
      ['page via nginx', `${front}${page}`, PAGE_GOAL],
      ['page via nginx TLS', `${nginx.httpsUrl}${page}`, null],
      ['page, direct', `${proxied.app.url}${page}`, null],
    ];
    for (const [name, url, goal] of storms) {
      const measured = await measureGetAgainst(url, `${hello.url}/`, rounds);
      const ratio = measured.figures.requestsPerSecond / measured.baseline.requestsPerSecond;
      scenarios.push(
        scenario(
          name,
          measured.figures,
          measured.baseline,
          goal === null ? 'reported' : `ratio ≥ ${goal.toFixed(2)}, no errors`,
          goal === null ? null : ratio >= goal && clean(measured.figures) === 0,
        ),
      );
    }
    return {
      skipped: null,
      scenarios,
      rushThroughNginxToDirect: toDirect,
      rushThroughNginxToDirectRaw: rawToDirect,
      rushDirect,
      rushThroughNginx,
      eventPageCacheStatus: cacheStatus,
      met: scenarios.every((s) => s.met !== false) && rushDirect.ok,
      settings: SETTINGS,
    };
  } finally {
    await nginx?.stop();
    for (const child of children) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (v: number, digits = 0): string => v.toFixed(digits).padStart(8);

export function printNginx(r: NginxBenchResult): void {
  if (r.skipped) {
    console.log(`nginx bench skipped: ${r.skipped}`);
    return;
  }
  const s = r.settings;
  console.log(
    `nginx (deploy/nginx/skola.conf, ${s.nginxWorkers} workers) in front of a fresh app: rush of ${s.people} at ` +
      `${s.rushConnections} connections, direct and through nginx over plain http; event page storm ${s.seconds} s at ` +
      `${s.getConnections} connections in ${s.rounds} rounds alternating with the baseline`,
  );
  console.log(`${pad('scenario', 18)}   req/s   p50 ms   p99 ms   errors  baseline  ratio  goal`);
  for (const sc of r.scenarios) {
    const verdict = sc.met === null ? '' : sc.met ? ': met' : ': NOT met';
    console.log(
      `${pad(sc.name, 18)}${num(sc.requestsPerSecond)} ${num(sc.p50Ms, 1)} ${num(sc.p99Ms, 1)} ${num(clean(sc))}  ` +
        `${num(sc.baselineRequestsPerSecond)}  ${sc.ratio.toFixed(2).padStart(5)}  ${sc.goal}${verdict}`,
    );
  }
  const status = r.eventPageCacheStatus ?? 'none';
  console.log(
    `event page, second request through nginx: X-Cache-Status ${status}` +
      (status === 'HIT' ? '' : ' — the app does not mark the page Cache-Control: public, so nginx does not keep it'),
  );
  for (const [name, check] of [
    ['direct', r.rushDirect],
    ['through nginx', r.rushThroughNginx],
  ] as const) {
    if (check) console.log(`rush ${name}: ${check.ok ? 'exact' : `WRONG\n  ${check.problems.join('\n  ')}`}`);
  }
}

if (process.argv[1]?.endsWith('bench/nginx.ts')) {
  const r = await benchNginx();
  printNginx(r);
  if (!r.met) process.exitCode = 1;
}
