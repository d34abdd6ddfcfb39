/**
 * A bare Node HTTP server that spends a fixed CPU time on every request (`WORK_MS`), as an
 * app does, and reports through IPC how long it took to accept a burst of new connections
 * while it was serving others. See bench/accept.ts.
 */
import http from 'node:http';

const workMs = Number(process.env.WORK_MS ?? 0);
let accepted = 0;
let burstStarted = 0;
let burstSize = 0;

const server = http.createServer((_req, res) => {
  const until = performance.now() + workMs;
  while (performance.now() < until);
  res.end('hello');
});
server.on('connection', () => {
  accepted += 1;
  if (burstSize > 0 && accepted === burstSize) {
    process.send?.({ burstAcceptedMs: performance.now() - burstStarted });
    burstSize = 0;
  }
});
process.on('message', (m: { burst?: number }) => {
  if (typeof m.burst !== 'number') return;
  // The connections accepted so far belong to the background load.
  burstStarted = performance.now();
  burstSize = accepted + m.burst;
  process.send?.({ burstArmed: true });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ ready: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
