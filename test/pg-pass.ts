/**
 * Runs the whole vitest suite again on PostgreSQL (TEST_DB=postgres).
 *
 * `npm test` calls this with --optional: outside CI an unreachable server skips the pass
 * with a clear message, so a laptop without PostgreSQL can still run the suite. In CI
 * (CI=true), and always via `npm run test:pg`, an unreachable server fails loudly:
 * nothing skips silently where it matters.
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { adminPgUrl } from './support/db.js';

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminPgUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || err.name : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Drops test databases left behind by runs that died before their cleanup: only ours
 * (reg_test_<pid>_<hex>), only when the server is on this machine (so the pid means
 * something), only when that test process is gone and nobody is connected.
 */
async function dropLeftovers(): Promise<void> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(adminPgUrl).hostname)) return;
  const client = new pg.Client({ connectionString: adminPgUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database d WHERE datname ~ '^reg_test_[0-9]+_[0-9a-f]{8}$'
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    for (const { datname } of rows) {
      if (alive(Number(datname.split('_')[2]))) continue;
      await client.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

const optional = process.argv.includes('--optional') && process.env.CI !== 'true';
const problem = await reachable();
if (problem !== null) {
  const where = adminPgUrl.replace(/\/\/[^@/]*@/, '//');
  if (optional) {
    console.warn(`\n  SKIPPED: the PostgreSQL pass of the suite — cannot reach ${where} (${problem}).`);
    console.warn('  Start PostgreSQL (or set TEST_PG_URL) and run `npm run test:pg`; in CI this fails.\n');
    process.exit(0);
  }
  console.error(`\n  FAILED: the PostgreSQL pass needs ${where}, which cannot be reached: ${problem}\n`);
  process.exit(1);
}

await dropLeftovers();
console.log(`\n  PostgreSQL pass: the suite again on fresh databases at ${adminPgUrl.replace(/\/\/[^@/]*@/, '//')}\n`);
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2).filter((a) => a !== '--optional')], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DB: 'postgres' },
});
process.exit(run.status ?? 1);
