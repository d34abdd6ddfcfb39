import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnex } from '../../server/db/knex.js';

describe('organizer CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // vitest (vite) puts BASE_URL=/ into the environment; the app would rightly refuse it.
  const { BASE_URL: _ignored, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'app.sqlite')}`, DEMO: 'off' };
  const cli = (args: string[], input = '') =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      env,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('organizer:add reads the password from standard input; token:create prints only the token', async () => {
    const added = cli(['organizer:add', '--email', 'Admin@Example.lv', '--password-stdin'], 'a long admin password\n');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('admin@example.lv');
    expect(added.stdout).not.toContain('a long admin password');

    const token = cli(['token:create', '--email', 'admin@example.lv']);
    expect(token.status).toBe(0);
    expect(token.stdout).toMatch(/^evt_[A-Za-z0-9_-]{43}\n$/);

    const db = openKnex(env.DATABASE_URL, { lockTimeoutMs: 5_000, poolMax: 10 });
    try {
      const row = (await db('organizers').first('email', 'role', 'password_hash')) as Record<string, string>;
      expect(row).toMatchObject({ email: 'admin@example.lv', role: 'admin' });
      expect(row.password_hash).toMatch(/^scrypt\$/);
      const stored = (await db('api_tokens').first('token_hash')) as { token_hash: string };
      expect(stored.token_hash).not.toContain(token.stdout.trim());
    } finally {
      await db.destroy();
    }
  });

  it('refuses a short password and an unknown organizer with a message and a non-zero exit', () => {
    const short = cli(['organizer:add', '--email', 'x@example.lv', '--password-stdin'], 'short\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('password_too_short');
    const unknown = cli(['token:create', '--email', 'nobody@example.lv']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no active organizer');
  });
});
