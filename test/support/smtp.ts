import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  mail: ParsedMail;
  raw: string;
  rcptTo: string[];
}

/**
 * A real SMTP server in this process. `down()` stops listening and cuts every open
 * connection (pooled ones too), so the outage the app sees is real; `up()` listens again
 * on the same port.
 */
export class SmtpSink {
  readonly received: Received[] = [];
  port = 0;
  private server: SMTPServer | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly parsing: Promise<void>[] = [];

  async up(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const rcptTo = session.envelope.rcptTo.map((r) => r.address);
          this.parsing.push(
            simpleParser(raw).then((mail) => {
              this.received.push({ mail, raw: raw.toString('utf8'), rcptTo });
            }),
          );
          callback();
        });
      },
    });
    // smtp-server's listen answers with its net.Server (its documented return value).
    const net: import('node:net').Server = await new Promise((resolve, reject) => {
      server.once('error', reject);
      const listening = server.listen(this.port, '127.0.0.1', () => resolve(listening));
      listening.on('connection', (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
    });
    this.port = (net.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Waits until `count` messages have arrived and been parsed. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count && Date.now() < until) {
      await Promise.all(this.parsing);
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(this.parsing);
    return this.received;
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.rcptTo.includes(address));
  }
}
