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
  const r = await autocannon({ timeout: 10, ...opts });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const requests = r.requests.total;
  return {
    requests,
    seconds,
    // Counted over the whole run, so a short rush is not rounded to whole seconds.
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
