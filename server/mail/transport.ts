import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

/** Where mail goes: an SMTP server, or .eml files in a local folder. */
export interface MailTransport {
  readonly kind: 'smtp' | 'maildrop';
  send(message: Mail.Options): Promise<void>;
  close(): void;
}

/** Pooled SMTP (smtp:// or smtps://, credentials in the URL). */
export function smtpTransport(url: string, opts: { maxConnections?: number } = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
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
