import type { Server } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CountingSink {
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Messages received whole so far. */
  received(): number;
  /** SMTP connections opened so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server in this process that takes every message, keeps none, and counts
 * messages and connections: the far end of the mail benches.
 */
export async function countingSink(sizeLimitBytes?: number): Promise<CountingSink> {
  let received = 0;
  let connections = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    ...(sizeLimitBytes === undefined ? {} : { size: sizeLimitBytes }),
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  // smtp-server's listen answers with its net.Server (its documented return value).
  const server: Server = await new Promise((resolve, reject) => {
    sink.once('error', reject);
    const listening = sink.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}
