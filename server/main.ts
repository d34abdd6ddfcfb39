import type { Server } from 'node:http';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './app.js';
import { createDb, migrate, type Db } from './db/knex.js';
import { TokenVault } from './services/tokens.js';
import type { ServiceContext } from './services/context.js';
import { seedDemo } from '../seeds/demo.js';

export interface Running {
  server: Server;
  db: Db;
  url: string;
  stop: () => Promise<void>;
}

/** Loads the demo programme into an empty database. */
async function seedIfEmpty(db: Db, config: Config): Promise<boolean> {
  if (!config.demo) return false;
  const row = (await db('events').count({ n: '*' }).first()) as { n: number | string } | undefined;
  if (Number(row?.n ?? 0) > 0) return false;
  await seedDemo(db);
  return true;
}

/** config -> db -> services -> app -> listen; returns a handle that stops it all. */
export async function start(config: Config): Promise<Running> {
  const logger = pino({ level: config.logLevel });
  const db = createDb(config.databaseUrl);
  await migrate(db);
  const seeded = await seedIfEmpty(db, config);
  const ctx: ServiceContext = {
    db,
    clock: () => new Date(),
    tokens: new TokenVault(config.secret),
    baseUrl: config.baseUrl,
    mailDomain: new URL(config.baseUrl).hostname,
  };
  const app = createApp({ ctx, logger, trustProxy: config.trustProxy });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ url, seeded }, `App ready: open ${url}`);
  return {
    server,
    db,
    url,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('server/main.ts');
if (isMain) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const running = await start(config);
  console.log(`\n  Registration app is running: ${running.url}\n`);
  const shutdown = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
