// First: the heap's growth limit before the other modules run (heapFirst.ts).
import './heapFirst.js';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { loadConfigOrExit, type Config } from './config.js';
import { createApp } from './app.js';
import { openDatabase, type Database } from './db/database.js';
import { exclusiveStartup, migrate } from './db/knex.js';
import { TokenVault } from './security/tokens.js';
import type { ServiceContext } from './context.js';
import { eventLoopBusy } from './jobs/busy.js';
import { queueReminders } from './jobs/reminders.js';
import { applyRetention } from './jobs/retention.js';
import { endLapsed } from './features/registration/index.js';

/** How often lapsed holds and offers are ended: well within the minute docs/places.md promises. */
const LAPSE_EVERY_MS = 15_000;
import { Composer } from './mail/compose.js';
import { OutboxDispatcher } from './mail/dispatcher.js';
import { mailDropTransport, smtpTransport, type MailTransport } from './mail/transport.js';
import { seedDemo } from '../seeds/demo.js';
import path from 'node:path';
import { limitHeapGrowth } from './memory.js';

export interface Running {
  server: Server;
  db: Database;
  dispatcher: OutboxDispatcher;
  transport: MailTransport;
  url: string;
  stop: () => Promise<void>;
}

/** Loads the demo programme into an empty database. */
async function seedIfEmpty(db: Database, config: Config): Promise<boolean> {
  if (!config.demo) return false;
  const row = (await db.knex('events').count({ n: '*' }).first()) as { n: number | string } | undefined;
  if (Number(row?.n ?? 0) > 0) return false;
  await seedDemo(db.knex);
  return true;
}

/** Migrations, then the demo programme if wanted: one process at a time. */
export function prepareDatabase(db: Database, config: Config): Promise<boolean> {
  return exclusiveStartup(db.url, async () => {
    await migrate(db.knex);
    return seedIfEmpty(db, config);
  });
}

/** What every use case needs, from the configuration (the CLI builds the same). */
export function serviceContext(config: Config, db: Database): ServiceContext {
  return {
    db,
    clock: () => new Date(),
    tokens: new TokenVault(config.secret),
    baseUrl: config.baseUrl,
    mailDomain: new URL(config.baseUrl).hostname,
    mailFrom: config.mailFrom,
    replyTo: config.replyTo,
    secret: config.secret,
    addressConfirmation: config.addressConfirmation,
    certificateSeal: config.certificateSeal,
  };
}

/** config -> db -> services -> app -> listen; returns a handle that stops it all. */
export async function start(config: Config): Promise<Running> {
  limitHeapGrowth();
  const logger = pino({ level: config.logLevel });
  const db = openDatabase(config.databaseUrl, { lockTimeoutMs: config.lockTimeoutMs });
  const seeded = await prepareDatabase(db, config);
  const ctx = serviceContext(config, db);
  const mailDir = path.join(config.dataDir, 'mail');
  const app = createApp({
    ctx,
    logger,
    trustProxy: config.trustProxy,
    mailDropDir: config.smtpUrl ? null : mailDir,
    rateLimits: config.rateLimit,
  });

  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : mailDropTransport(mailDir);
  const composer = new Composer({
    db,
    tokens: ctx.tokens,
    baseUrl: ctx.baseUrl,
    mailFrom: ctx.mailFrom,
    replyTo: ctx.replyTo ?? null,
    mailDomain: ctx.mailDomain,
    certificateSeal: ctx.certificateSeal ?? null,
  });
  const dispatcher = new OutboxDispatcher({
    db,
    transport,
    composer,
    clock: ctx.clock,
    logger,
    busy: eventLoopBusy(),
  });
  // Jobs are safe in every process (outbox claims are leased with SKIP LOCKED, reminder
  // marks are guarded); JOBS=off leaves them to other processes all the same.
  let reminders: NodeJS.Timeout | null = null;
  let retention: NodeJS.Timeout | null = null;
  let lapses: NodeJS.Timeout | null = null;
  if (config.jobs) {
    dispatcher.start();
    // Holds and offers past their deadline end, and their places go on, within a minute
    // (every 15 s; each run is a capacity use case, safe in several processes at once).
    const lapse = (): void => {
      endLapsed(ctx).catch((err: unknown) => logger.error({ err }, 'ending lapsed holds failed'));
    };
    lapses = setInterval(lapse, LAPSE_EVERY_MS);
    lapses.unref();
    lapse();
    const remind = (): void => {
      queueReminders(ctx).catch((err: unknown) => logger.error({ err }, 'reminders failed'));
    };
    reminders = setInterval(remind, 60_000);
    reminders.unref();
    remind();
    // Personal data past its event's retention period is anonymised; hourly is plenty.
    const retain = (): void => {
      applyRetention(ctx).catch((err: unknown) => logger.error({ err }, 'retention failed'));
    };
    retention = setInterval(retain, 3600_000);
    retention.unref();
    retain();
  }
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  // An idle kept-alive connection is closed by the client or proxy first, never by the app
  // while the client is reusing it ("other side closed" on a loaded machine): nginx closes
  // its upstream connections after 4 s (deploy/nginx), fetch's agent after 4 s, the app only
  // after 65 s. The header timeout stays above it, as Node requires.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url, seeded, mail: config.smtpUrl ? 'smtp' : mailDir }, `App ready: open ${url}`);
  return {
    server,
    db,
    dispatcher,
    transport,
    url,
    stop: async () => {
      if (reminders) clearInterval(reminders);
      if (lapses) clearInterval(lapses);
      if (retention) clearInterval(retention);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.stop();
      transport.close();
      await db.destroy();
    },
  };
}

// Run as `tsx server/main.ts` or, compiled, as `node dist/server/main.js`.
const isMain = import.meta.url === `file://${process.argv[1]}` || /server\/main\.[jt]s$/.test(process.argv[1] ?? '');
if (isMain) {
  const config = loadConfigOrExit();
  const running = await start(config);
  console.log(`\n  Registration app is running: ${running.url}\n`);
  const shutdown = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
