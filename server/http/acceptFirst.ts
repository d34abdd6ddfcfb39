import type { Server, Socket } from 'node:net';

/** The libuv stream under a socket, as Node's net module drives it. */
interface StreamHandle {
  reading?: boolean;
  readStart(): number;
  readStop(): number;
}

const handleOf = (socket: Socket): StreamHandle | undefined =>
  (socket as Socket & { _handle?: StreamHandle | null })._handle ?? undefined;

/**
 * Connections first: while new connections keep arriving, the open ones stop reading
 * for those few turns of the event loop.
 *
 * libuv (since 1.45, in Node 20) accepts one connection per turn of the event loop
 * (libuv#3696). When a registration rush opens hundreds of connections at once, every
 * turn also reads and answers the requests of all connections already open, and at a
 * busy process such a turn takes tens of milliseconds: the last connections waited
 * seconds to be accepted (`npm run bench`: median 20 ms, p99 1.5–2.7 s). While
 * connections keep arriving turn after turn, the sockets already open are not read, so
 * the turns are short and the backlog drains in milliseconds; then every socket reads
 * again. Their bytes wait in the kernel meanwhile: nothing is lost, only reordered. One
 * pause lasts at most `maxPauseMs`, and the next begins `minReadMs` after it at the
 * earliest, so not even a flood of new connections can starve the open ones.
 */
export function acceptFirst(server: Server, maxPauseMs = 50, minReadMs = 10): void {
  const open = new Set<Socket>();
  let paused: Set<Socket> | null = null;
  let pausedAt = 0;
  let resumedAt = -Infinity;
  let acceptedThisTurn = false;

  const pause = (socket: Socket): void => {
    const handle = handleOf(socket);
    if (!paused || !handle?.reading || paused.has(socket)) return;
    handle.readStop();
    paused.add(socket);
  };

  // Runs once per turn (check phase) while paused: a turn without a new connection
  // means the backlog is empty.
  const check = (): void => {
    if (acceptedThisTurn && performance.now() - pausedAt < maxPauseMs) {
      acceptedThisTurn = false;
      setImmediate(check);
      return;
    }
    const sockets = paused ?? new Set<Socket>();
    paused = null;
    resumedAt = performance.now();
    acceptedThisTurn = false;
    for (const socket of sockets) {
      // A socket closed meanwhile, or stopped by Node itself (reading false), stays so.
      const handle = socket.destroyed ? undefined : handleOf(socket);
      if (handle?.reading) handle.readStart();
    }
  };

  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    acceptedThisTurn = true;
    if (paused) {
      pause(socket);
      return;
    }
    // After a pause, the open sockets read for a while before the next one.
    if (performance.now() - resumedAt < minReadMs) return;
    paused = new Set();
    pausedAt = performance.now();
    for (const s of open) pause(s);
    setImmediate(check);
  });
}
