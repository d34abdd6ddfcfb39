/**
 * Lints the OpenAPI document the app serves at /api/v1/openapi.json with Redocly's
 * recommended rules (redocly.yaml): the document is written to a temporary file and
 * `redocly lint` reads it there. Exits non-zero on any error (warnings are printed).
 *
 *   npm run -s lint:openapi
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApiDocument } from '../server/http/openapi.js';
import { APP_ROOT } from '../server/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
try {
  const file = path.join(dir, 'openapi.json');
  // As served in production, where servers[0] is BASE_URL (a placeholder here).
  writeFileSync(file, JSON.stringify(openApiDocument('https://registration.test'), null, 2));
  const cli = path.join(APP_ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'lint', file, '--config', path.join(APP_ROOT, 'redocly.yaml'), '--format', 'codeframe'],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
