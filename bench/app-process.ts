/**
 * The app as the bench runs it: the real composition root (start) in a child process,
 * configured from the environment the parent sets, so its resident memory is its own.
 * Reports its address when ready and its RSS on every tick while the parent listens.
 */
// First, as in server/main.ts: the heap's growth limit before the other modules run.
import '../server/heapFirst.js';
import { loadConfig } from '../server/config.js';
import { start } from '../server/main.js';

const running = await start(loadConfig());
const port = new URL(running.url).port;
process.send?.({ ready: `http://127.0.0.1:${port}` });

const RSS_TICK_MS = 100;
const report = setInterval(() => {
  // A report racing the parent's exit is of no use: its error is dropped.
  if (process.connected) process.send?.({ rss: process.memoryUsage.rss() }, undefined, {}, () => undefined);
}, RSS_TICK_MS);
process.on('disconnect', () => {
  clearInterval(report);
  void running.stop().then(() => process.exit(0));
});
