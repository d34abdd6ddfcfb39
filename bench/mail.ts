/**
 * Outbox throughput: queue N registration messages (each with a calendar invite), then
 * let the dispatcher send them through pooled SMTP to a local sink in this process.
 * Prints messages/s; the goal on the reference 2-core machine is at least 200/s.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../server/db/database.js';
import { migrate } from '../server/db/knex.js';
import { Composer } from '../server/mail/compose.js';
import { OutboxDispatcher } from '../server/mail/dispatcher.js';
import { smtpTransport } from '../server/mail/transport.js';
import type { ServiceContext } from '../server/context.js';
import { register, type RegistrationInput } from '../server/features/registration/register.js';
import { TokenVault } from '../server/security/tokens.js';
import { DEMO_SLUG, seedDemo } from '../seeds/demo.js';
import { countingSink } from './smtpSink.js';

export interface MailBenchResult {
  messages: number;
  seconds: number;
  perSecond: number;
  goal: number;
  met: boolean;
}

export async function benchMail(count = Number(process.env.BENCH_MAIL_COUNT ?? 2000)): Promise<MailBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-mail-'));
  const db = openDatabase(`file:${path.join(dir, 'bench.sqlite')}`);
  const sink = await countingSink();
  const transport = smtpTransport(sink.url, { maxConnections: 5 });
  try {
    await migrate(db.knex);
    await seedDemo(db.knex);
    const ctx: ServiceContext = {
      db,
      clock: () => new Date(),
      tokens: new TokenVault('bench-secret-bench-secret-bench-secret'),
      baseUrl: 'http://localhost:3000',
      mailDomain: 'localhost',
      mailFrom: 'Bench <noreply@localhost>',
      secret: 'bench-secret-bench-secret-bench-secret',
      addressConfirmation: false,
    };
    const regions = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'];
    const municipality: Record<string, string> = {
      riga: 'riga',
      vidzeme: 'cesis',
      kurzeme: 'talsi',
      zemgale: 'bauska',
      latgale: 'ludza',
    };
    const programme = (await db.knex('sessions').where('kind', 'workshop').select('id', 'region_id')) as {
      id: number;
      region_id: string;
    }[];
    for (let i = 0; i < count; i++) {
      const region = regions[i % regions.length] ?? 'riga';
      const workshop = programme.find((s) => s.region_id === region)?.id ?? 0;
      const input: RegistrationInput = {
        name: `Bench ${i}`,
        email: `bench${i}@skola.lv`,
        institution: 'Skola',
        municipality: municipality[region] ?? 'riga',
        role: 'teacher',
        regionId: region,
        sessionIds: [workshop],
        language: i % 2 === 0 ? 'lv' : 'en',
        consent: true,
      };
      await register(ctx, DEMO_SLUG, input);
    }
    const composer = new Composer({
      db,
      tokens: ctx.tokens,
      baseUrl: ctx.baseUrl,
      mailFrom: ctx.mailFrom,
      mailDomain: ctx.mailDomain,
    });
    const dispatcher = new OutboxDispatcher(
      { db, transport, composer, clock: ctx.clock, logger: pino({ level: 'silent' }) },
      { batchSize: 200, concurrency: 5 },
    );
    const started = process.hrtime.bigint();
    const result = await dispatcher.drain();
    while (sink.received() < count) await new Promise((r) => setTimeout(r, 5));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.sent !== count) throw new Error(`sent ${result.sent} of ${count}`);
    const perSecond = count / seconds;
    console.log(`smtp connections: ${sink.connections()}`);
    return { messages: count, seconds, perSecond, goal: 200, met: perSecond >= 200 };
  } finally {
    transport.close();
    await sink.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printMail(r: MailBenchResult): void {
  console.log(
    `mail outbox: ${r.messages} messages in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(0)} messages/s ` +
      `(goal ≥ ${r.goal}/s: ${r.met ? 'met' : 'NOT met'})`,
  );
}

export function saveResult(name: string, data: unknown): string {
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

if (process.argv[1]?.endsWith('bench/mail.ts')) {
  const r = await benchMail();
  printMail(r);
  console.log(`written: ${saveResult('mail', r)}`);
}
