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

console.log(`\n  PostgreSQL pass: the suite again on fresh databases at ${adminPgUrl.replace(/\/\/[^@/]*@/, '//')}\n`);
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2).filter((a) => a !== '--optional')], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DB: 'postgres' },
});
process.exit(run.status ?? 1);
