import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Whether the event loop was mostly busy since the last call: a sign of live traffic
 * that background work (the mail dispatcher) should make way for. Each call measures
 * the time since the previous one.
 */
export function eventLoopBusy(threshold = 0.6): () => boolean {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization > threshold;
  };
}
