import v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection
 * before it runs the next one, in percent. V8's own choice goes up to 300 % (4×) when
 * collections are quick. Under a registration rush every request waits long enough
 * behind the others to survive two young-generation collections, so its garbage is
 * promoted and piles up in the old generation: with 4× the heap grew to ~150 MB around
 * ~35 MB of live data, and resident memory past 200 MB. At 1.5× full collections run a
 * few times more often (each a few milliseconds, mostly on a helper thread) and the heap
 * stays under ~90 MB; the total GC time stayed the same in the bench.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Applies HEAP_GROWING_PERCENT unless the process was started with its own
 * `--heap-growing-percent` (on the command line or in NODE_OPTIONS). It only changes when
 * V8 collects, never how much memory the heap may use, so it cannot make the process run
 * out of memory.
 */
export function limitHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
