/**
 * Why a burst of new connections costs a busy Node server seconds: since libuv 1.45
 * (libuv/libuv#3696) a listening socket accepts one connection per event-loop turn, and a
 * turn of a busy server lasts as long as the requests it serves in it. This measures, on
 * a bare Node server spending `WORK_MS` of CPU per request, how long 200 new connections
 * take to be accepted while 20 keep-alive connections keep it busy. The registration rush
 * opens its 200 connections exactly so, against an app whose requests cost about 1 ms.
 */
import net from 'node:net';
import autocannon from 'autocannon';
import { startChild } from './processes.js';

export interface AcceptFigures {
  workMs: number;
  burst: number;
  acceptedMs: number;
}

const waitFor = <T>(child: NodeJS.EventEmitter, key: string): Promise<T> =>
  new Promise((resolve) => {
    const on = (m: Record<string, unknown>): void => {
      if (!(key in m)) return;
      child.off('message', on);
      resolve(m[key] as T);
    };
    child.on('message', on);
  });

async function burstOnBusyServer(workMs: number, burst: number): Promise<AcceptFigures> {
  const server = await startChild('busy-hello.ts', { WORK_MS: String(workMs) });
  const { port } = new URL(server.url);
  const background = autocannon({ url: server.url, connections: 20, duration: 4 });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const armed = waitFor<boolean>(server.process, 'burstArmed');
    server.process.send({ burst });
    await armed;
    const accepted = waitFor<number>(server.process, 'burstAcceptedMs');
    const sockets = Array.from({ length: burst }, () => net.connect(Number(port), '127.0.0.1'));
    const acceptedMs = await accepted;
    for (const socket of sockets) socket.destroy();
    return { workMs, burst, acceptedMs };
  } finally {
    await background;
    await server.stop();
  }
}

export async function benchAccept(): Promise<AcceptFigures[]> {
  const figures: AcceptFigures[] = [];
  for (const workMs of [0, 1, 2]) figures.push(await burstOnBusyServer(workMs, 200));
  return figures;
}

export function printAccept(figures: readonly AcceptFigures[]): void {
  console.log('\nAccepting a burst of 200 new connections while 20 others keep a bare Node server busy');
  console.log('CPU per request   time to accept all 200');
  for (const f of figures) console.log(`${`${f.workMs} ms`.padEnd(16)}  ${f.acceptedMs.toFixed(0).padStart(6)} ms`);
}
