/**
 * Runs the vitest suite: every project (unit, db, browser, postgres: vitest.config.ts) in
 * one run, or the projects named after `--project`.
 *
 * The `postgres` project needs the server at TEST_PG_URL. `npm test` calls this with
 * --optional: outside CI an unreachable server leaves that project out with a clear
 * message, so a laptop without PostgreSQL can still run the rest. In CI (CI=true), and
 * whenever the postgres project is named, an unreachable server fails loudly: nothing
 * skips silently where it matters.
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
      `SELECT datname FROM pg_database d WHERE datname ~ '^reg_test_[0-9]+_([0-9a-f]{8}|tmpl_[0-9a-f]{12}(_b)?)$'
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

const ALL = ['unit', 'db', 'browser', 'postgres'];
const args = process.argv.slice(2).filter((a) => a !== '--optional');
const named = args.flatMap((a, i) => (args[i - 1] === '--project' ? [a] : []));
const projects = named.length > 0 ? named : ALL;
const rest = args.filter((a, i) => a !== '--project' && args[i - 1] !== '--project');
const optional = process.argv.includes('--optional') && process.env.CI !== 'true' && named.length === 0;

let run = projects;
if (projects.includes('postgres')) {
  const problem = await reachable();
  const where = adminPgUrl.replace(/\/\/[^@/]*@/, '//');
  if (problem !== null && optional) {
    console.warn(`\n  SKIPPED: the postgres project — cannot reach ${where} (${problem}).`);
    console.warn('  Start PostgreSQL (or set TEST_PG_URL) and run `npm run test:pg`; in CI this fails.\n');
    run = projects.filter((p) => p !== 'postgres');
  } else if (problem !== null) {
    console.error(`\n  FAILED: the postgres project needs ${where}, which cannot be reached: ${problem}\n`);
    process.exit(1);
  } else {
    await dropLeftovers();
  }
}
const result = spawnSync('npx', ['vitest', 'run', ...run.flatMap((p) => ['--project', p]), ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
