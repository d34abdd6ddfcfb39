import { Composer, type OutboxRow } from '../../server/mail/compose.js';
import type { TestApp } from './app.js';

/** The e-mails queued for `to`, composed as the dispatcher would send them (oldest first). */
export async function composedFor(t: TestApp, to: string) {
  const composer = new Composer({
    db: t.ctx.db,
    tokens: t.ctx.tokens,
    baseUrl: t.ctx.baseUrl,
    mailFrom: t.ctx.mailFrom,
    replyTo: t.ctx.replyTo ?? null,
    mailDomain: t.ctx.mailDomain,
  });
  const rows = (await t.db('outbox').where('to_email', to).orderBy('id')) as OutboxRow[];
  const out = [];
  for (const row of rows) {
    const mail = await composer.compose(row, t.clock.now());
    if (mail) out.push({ kind: row.kind, ...mail, text: String(mail.text ?? ''), subject: String(mail.subject ?? '') });
  }
  return out;
}
