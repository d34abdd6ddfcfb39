/** One autocannon measurement, reduced to the figures the bench reports. */
import autocannon from 'autocannon';

export interface LoadFigures {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export type LoadOptions = autocannon.Options;

export async function measure(opts: LoadOptions): Promise<LoadFigures> {
  const started = process.hrtime.bigint();
  let lastAnswer = started;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ timeout: 10, ...opts }, (err: Error | null, result: autocannon.Result) =>
      err ? reject(err) : resolve(result),
    );
    run.on('response', () => {
      lastAnswer = process.hrtime.bigint();
    });
  });
  // A run of a fixed number of requests is timed to its last answer: autocannon itself
  // ends such a run only on its next whole-second tick, which would round rates down.
  const ended = opts.amount === undefined ? process.hrtime.bigint() : lastAnswer;
  const seconds = Number(ended - started) / 1e9;
  const requests = r.requests.total;
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

/** A GET load of fixed duration, after a short warm-up that is not counted. */
export async function measureGet(
  url: string,
  opts: { connections: number; seconds: number; warmupSeconds?: number },
): Promise<LoadFigures> {
  if ((opts.warmupSeconds ?? 1) > 0) {
    await autocannon({ url, connections: opts.connections, duration: opts.warmupSeconds ?? 1 });
  }
  return measure({ url, connections: opts.connections, duration: opts.seconds });
}

/** Figures of several rounds taken as one: total requests over total time, the worst p99. */
export function combine(rounds: readonly LoadFigures[]): LoadFigures {
  const sum = (pick: (f: LoadFigures) => number): number => rounds.reduce((n, f) => n + pick(f), 0);
  const requests = sum((f) => f.requests);
  const seconds = sum((f) => f.seconds);
  const p50s = rounds.map((f) => f.p50Ms).sort((a, b) => a - b);
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p99Ms: Math.max(...rounds.map((f) => f.p99Ms)),
    errors: sum((f) => f.errors),
    timeouts: sum((f) => f.timeouts),
    non2xx: sum((f) => f.non2xx),
  };
}

/**
 * A GET scenario and its baseline measured in alternation, round after round, so that
 * whatever else the machine does at the time weighs on both alike.
 */
export async function measureGetAgainst(
  url: string,
  baselineUrl: string,
  opts: { connections: number; seconds: number; rounds: number },
): Promise<{ figures: LoadFigures; baseline: LoadFigures }> {
  const mine: LoadFigures[] = [];
  const theirs: LoadFigures[] = [];
  const each = { connections: opts.connections, seconds: opts.seconds / opts.rounds };
  for (let round = 0; round < opts.rounds; round++) {
    theirs.push(await measureGet(baselineUrl, { ...each, warmupSeconds: round === 0 ? 1 : 0.5 }));
    mine.push(await measureGet(url, { ...each, warmupSeconds: round === 0 ? 1 : 0.5 }));
  }
  return { figures: combine(mine), baseline: combine(theirs) };
}

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** The sizes every bench uses, from the environment (docs/performance.md). */
export const BENCH_SIZES = {
  people: env('BENCH_PEOPLE', 5000),
  bigPeople: env('BENCH_BIG_PEOPLE', 20_000),
  rushConnections: env('BENCH_RUSH_CONNECTIONS', 200),
  getConnections: env('BENCH_CONNECTIONS', 100),
  seconds: env('BENCH_SECONDS', 6),
  rounds: env('BENCH_ROUNDS', 3),
  nginxWorkers: env('BENCH_NGINX_WORKERS', 2),
};
