import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

/** Where mail goes: an SMTP server, or .eml files in a local folder. */
export interface MailTransport {
  readonly kind: 'smtp' | 'maildrop';
  send(message: Mail.Options): Promise<void>;
  close(): void;
}

type SocketCallback = (err: Error | null, socketOptions?: { connection: Socket }) => void;

/**
 * SMTP is a conversation of small writes: with Nagle's algorithm on, each can wait for a
 * delayed ACK (40 ms on Linux), which caps a pooled connection at a few dozen messages a
 * second. The pool lets us open its sockets ourselves, with TCP_NODELAY.
 */
function disableNagle(transporter: unknown, url: URL): void {
  const pool = (transporter as { transporter?: { getSocket?: unknown } }).transporter;
  // Implicit TLS (smtps:) keeps nodemailer's own sockets; STARTTLS upgrades work on ours.
  if (!pool || typeof pool.getSocket !== 'function' || url.protocol !== 'smtp:') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 587);
  pool.getSocket = (_options: unknown, callback: SocketCallback) => {
    // Handed over at once, still connecting: nodemailer attaches its error, close and
    // timeout handlers before the socket can emit anything, so no event is missed.
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    callback(null, { connection: socket });
  };
}

/** Pooled SMTP (smtp:// or smtps://, credentials in the URL). */
export function smtpTransport(url: string, opts: { maxConnections?: number } = {}): MailTransport {
  // nodemailer reads only the URL when given one, so the pool settings travel in it;
  // settings already in SMTP_URL win.
  const withPool = new URL(url);
  const defaults: Record<string, string> = {
    pool: 'true',
    maxConnections: String(opts.maxConnections ?? 5),
    maxMessages: '1000',
    connectionTimeout: '10000',
    greetingTimeout: '10000',
    socketTimeout: '30000',
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!withPool.searchParams.has(key)) withPool.searchParams.set(key, value);
  }
  const transporter = nodemailer.createTransport(withPool.toString());
  disableNagle(transporter, withPool);
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail(message);
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * The local mail drop: each message becomes one .eml file (open it with any mail
 * client) under data/mail/, so the default start needs no mail server.
 */
export function mailDropTransport(dir: string): MailTransport {
  mkdirSync(dir, { recursive: true });
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'maildrop',
    async send(message) {
      const info = (await transporter.sendMail(message)) as { message: Buffer; messageId: string };
      const id = String(info.messageId).replace(/[^A-Za-z0-9.@-]/g, '');
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      writeFileSync(path.join(dir, `${stamp}_${id}.eml`), info.message);
    },
    close() {
      transporter.close();
    },
  };
}

/** The newest messages of a local mail drop, with their sizes; none when the folder cannot be read. */
export function listMailDrop(dir: string, limit = 100): { name: string; size: number }[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse()
      .slice(0, limit)
      .map((name) => ({ name, size: statSync(path.join(dir, name)).size }));
  } catch {
    return [];
  }
}

/** One message of a local mail drop by its file name, or null (a name that is no drop file's is refused). */
export function readMailDrop(dir: string, name: string): Buffer | null {
  if (!/^[\w.@-]+\.eml$/.test(name)) return null;
  try {
    return readFileSync(path.join(dir, name));
  } catch {
    return null;
  }
}
