import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { acceptFirst } from '../../server/http/acceptFirst.js';

const CONNECTIONS = 150;
const REQUESTS_EACH = 3;

/** Opens every connection at once, sends the next request on each answer; prints the count. */
const CLIENT = `
const net = require('node:net');
const [port, connections, each] = process.argv.slice(1).map(Number);
let answered = 0, open = connections;
for (let i = 0; i < connections; i++) {
  let left = each, buffered = '';
  const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n'));
  socket.on('data', (chunk) => {
    buffered += chunk;
    while (buffered.includes('ok')) {
      buffered = buffered.slice(buffered.indexOf('ok') + 2);
      answered++;
      if (--left > 0) socket.write('GET / HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n');
      else socket.end();
    }
  });
  socket.on('close', () => { if (--open === 0) console.log(answered); });
}`;

/** A server with 1 ms of work per request; notes how many were answered at each accept. */
async function burst(gated: boolean): Promise<{ answered: number; answeredAtLastAccept: number; reads: boolean }> {
  let handled = 0;
  const answeredAtAccept: number[] = [];
  const server = http.createServer((_req, res) => {
    const until = performance.now() + 1;
    while (performance.now() < until);
    handled++;
    res.end('ok');
  });
  if (gated) acceptFirst(server);
  server.on('connection', () => answeredAtAccept.push(handled));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = spawn(process.execPath, ['-e', CLIENT, String(port), String(CONNECTIONS), String(REQUESTS_EACH)]);
  let out = '';
  client.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((resolve) => client.on('exit', resolve));
  // Every connection's second and third requests were read after the pause (counted
  // above); and a connection opened after the burst is answered too.
  const reads = await new Promise<boolean>((resolve) => {
    http
      .get({ port, host: '127.0.0.1', agent: false }, (res) => resolve(res.statusCode === 200))
      .on('error', () => resolve(false));
  });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return { answered: Number(out.trim()), answeredAtLastAccept: answeredAtAccept[CONNECTIONS - 1] ?? -1, reads };
}

describe('connections first (libuv accepts one connection per turn of the event loop)', () => {
  it('while a burst of connections is accepted, the open ones wait; then every request is answered', async () => {
    const gated = await burst(true);
    expect(gated.answered).toBe(CONNECTIONS * REQUESTS_EACH);
    expect(gated.reads).toBe(true);
    expect(gated.answeredAtLastAccept).toBeLessThan(CONNECTIONS / 10);
    // Without the gate the last connection was mostly accepted after 441 of the 450
    // answers, and sometimes at once (when the client's connections all land in the
    // backlog before the first request): not asserted, it depends on timing.
    const plain = await burst(false);
    expect(plain.answered).toBe(CONNECTIONS * REQUESTS_EACH);
  });
});
