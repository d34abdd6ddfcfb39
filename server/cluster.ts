/**
 * `npm run start:cluster`: one app worker per core (WORKERS overrides) sharing one port.
 *
 * The primary prepares the database once (migrations, the demo seed, the generated
 * secret under DATA_DIR) before forking, so workers start on a ready database. Every
 * worker serves HTTP. Jobs: on PostgreSQL every worker runs the outbox dispatcher and
 * the reminders — outbox claims are leased with FOR UPDATE SKIP LOCKED and reminder
 * marks are guarded updates, so each message is sent once and a dying worker leaves no
 * job behind. On SQLite (one host, one write lock) only the first worker runs them.
 */
// First: the heap's growth limit before the other modules run (heapFirst.ts).
import './heapFirst.js';
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase, start } from './main.js';

function workerCount(env: NodeJS.ProcessEnv): number {
  const wanted = Number(env.WORKERS ?? '');
  return Number.isInteger(wanted) && wanted > 0 ? wanted : availableParallelism();
}

async function runPrimary(config: Config): Promise<void> {
  const db = openDatabase(config.databaseUrl, { lockTimeoutMs: config.lockTimeoutMs });
  let everyWorkerRunsJobs: boolean;
  try {
    await prepareDatabase(db, config);
    everyWorkerRunsJobs = db.dialect === 'postgres';
  } finally {
    await db.destroy();
  }

  const count = workerCount(process.env);
  // Workers run this very file, not whatever `dist` points at by the time one is
  // (re)started: a later build beside a running cluster never mixes versions.
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  const roles = new Map<number, number>(); // worker id -> slot
  let stopping = false;
  const fork = (slot: number): void => {
    const jobs = config.jobs && (everyWorkerRunsJobs || slot === 0);
    const worker = cluster.fork({ JOBS: jobs ? 'on' : 'off', CLUSTER_SLOT: String(slot) });
    roles.set(worker.id, slot);
  };
  cluster.on('exit', (worker: Worker, code, signal) => {
    const slot = roles.get(worker.id) ?? 0;
    roles.delete(worker.id);
    if (stopping) {
      if (roles.size === 0) process.exit(0);
      return;
    }
    console.error(`worker ${slot} exited (${signal ?? code}); starting a new one`);
    // A short pause keeps a worker that dies at start-up from spinning the CPU.
    setTimeout(() => fork(slot), 1_000);
  });
  for (let slot = 0; slot < count; slot++) fork(slot);
  console.log(
    `\n  Registration app cluster: ${count} workers on port ${config.port}` +
      ` (${everyWorkerRunsJobs ? 'jobs in every worker, leased' : 'jobs in worker 0'})\n`,
  );

  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (roles.size === 0) process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function runWorker(config: Config): Promise<void> {
  const running = await start(config);
  console.log(`  worker ${process.env.CLUSTER_SLOT ?? '?'} (pid ${process.pid}) is serving ${running.url}`);
  const shutdown = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

const config = loadConfigOrExit();
await (cluster.isPrimary ? runPrimary(config) : runWorker(config));
