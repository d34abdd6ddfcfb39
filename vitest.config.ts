import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The suite in four projects, run by one `vitest run` so that they share the machine's
 * workers:
 *
 * - `unit`: pure code, no database;
 * - `db`: the app over HTTP and its jobs, processes and deployment, on SQLite files;
 * - `browser`: pages in Debian's Chromium (on SQLite);
 * - `postgres`: the `db` tests whose result can depend on the database — everything that
 *   reaches SQL — again on PostgreSQL. Tests of what a page or a document looks like
 *   (HTML validity, headers, the OpenAPI document, wording) and of processes that do not
 *   touch SQL run once.
 *
 * Every test app copies a template database (migrated and seeded once per run and
 * dialect: test/support/db.ts), so the number of workers, not migrations, sets the pace.
 * Tests that time something compare ratios in the bench, never wall-clock limits here, so
 * they hold on a loaded machine.
 */
const DB_TESTS = ['test/http/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/scale/**/*.test.ts'];
const ONCE_ONLY = [
  // What the HTML, headers and documents look like: the same whatever stores the rows.
  'test/http/html-validate.test.ts',
  'test/http/clean-pages.test.ts',
  'test/http/headers.test.ts',
  'test/http/openapi.test.ts',
  'test/http/no-empty.test.ts',
  'test/http/back-office-words.test.ts',
  'test/http/own-origin.test.ts',
  'test/http/request-log.test.ts',
  'test/http/admin-error-summary.test.ts',
  // `npm start` on its default SQLite file.
  'test/integration/safe-start.test.ts',
  'test/integration/start.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on a database, a child process or a browser much of the time: one
    // worker per core and one more keeps both cores busy (vitest's default is cores − 1).
    maxWorkers: Number(process.env.TEST_WORKERS) || availableParallelism() + 1,
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'db',
          include: [...DB_TESTS, 'test/bench/**/*.test.ts', 'test/deploy/**/*.test.ts'],
          env: { TEST_DB: 'sqlite' },
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], env: { TEST_DB: 'sqlite' } } },
      {
        extends: true,
        test: { name: 'postgres', include: DB_TESTS, exclude: ONCE_ONLY, env: { TEST_DB: 'postgres' } },
      },
    ],
  },
});
