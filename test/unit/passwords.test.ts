import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, NO_ACCOUNT_HASH, verifyPassword } from '../../server/security/passwords.js';
import { APP_ROOT } from '../../server/paths.js';

describe('password hashes', () => {
  it('outside the test runner the cost is the full one (N = 16384), for real and for the no-account check', () => {
    const env = { ...process.env };
    delete env.VITEST;
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const p = await import('./server/security/passwords.ts'); console.log((await p.hashPassword('a long password')).split('$')[1], p.NO_ACCOUNT_HASH.split('$')[1]);",
      ],
      { cwd: APP_ROOT, env, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('16384 16384');
  });

  it('a hash verifies whatever cost it was made at, since the stored form names it', async () => {
    const cheap = await hashPassword('a long password');
    expect(await verifyPassword('a long password', cheap)).toBe(true);
    expect(await verifyPassword('another password', cheap)).toBe(false);
    expect(NO_ACCOUNT_HASH.split('$')[1]).toBe(cheap.split('$')[1]);
    const salt = randomBytes(16);
    const key = scryptSync('a long password', salt, 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const full = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('a long password', full)).toBe(true);
    expect(await verifyPassword('another password', full)).toBe(false);
  });
});
