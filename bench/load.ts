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
