import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'cfg-'));

describe('config', () => {
  it('when nothing is set, then the embedded defaults are used and a secret is kept under data/', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe(`file:${path.join(dir, 'app.sqlite')}`);
    expect(config.demo).toBe(true);
    expect(config.smtpUrl).toBeUndefined();
    expect(config.rateLimit).toBe(true);
    expect(config.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ DATA_DIR: dir }).secret).toBe(config.secret);
  });

  it('when only DATA_DIR is set, then the default database lives there with the secret and the mail drop', () => {
    const secret = 'x'.repeat(40); // so that nothing is written under /x
    expect(loadConfig({ DATA_DIR: '/x', SESSION_SECRET: secret }).databaseUrl).toBe('file:/x/app.sqlite');
    expect(loadConfig({ DATA_DIR: '/x/', SESSION_SECRET: secret }).databaseUrl).toBe('file:/x/app.sqlite');
    const relative = loadConfig({ DATA_DIR: 'var/data', SESSION_SECRET: secret });
    expect(relative.databaseUrl).toBe(`file:${path.resolve('var/data', 'app.sqlite')}`);
    expect(relative.dataDir).toBe(path.resolve('var/data'));
    const given = loadConfig({ DATA_DIR: '/x', SESSION_SECRET: secret, DATABASE_URL: 'file:/elsewhere/db.sqlite' });
    expect(given.databaseUrl).toBe('file:/elsewhere/db.sqlite');
  });

  it('when values are wrong, then it refuses to start and names every bad key', () => {
    const bad = () =>
      loadConfig({
        DATA_DIR: dataDir(),
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SMTP_URL: 'http://x',
        DEMO: 'maybe',
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const message = (err as Error).message;
      for (const key of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'DEMO']) expect(message).toContain(key);
    }
  });

  it('when PostgreSQL, SMTP and a base URL are given, then they are used', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
      BASE_URL: 'https://registracija.example.lv/',
      SESSION_SECRET: 'x'.repeat(40),
      RATE_LIMIT: 'off',
      DEMO: 'off',
    });
    expect(config.baseUrl).toBe('https://registracija.example.lv');
    expect(config.secret).toBe('x'.repeat(40));
    expect(config.rateLimit).toBe(false);
    expect(config.demo).toBe(false);
  });

  it('when scaling out, then the lock timeout and whether this process runs jobs can be set, and are checked', () => {
    const defaults = loadConfig({ DATA_DIR: dataDir() });
    expect(defaults).toMatchObject({ lockTimeoutMs: 5_000, jobs: true });
    const set = loadConfig({ DATA_DIR: dataDir(), LOCK_TIMEOUT_MS: '750', JOBS: 'off' });
    expect(set).toMatchObject({ lockTimeoutMs: 750, jobs: false });
    expect(() => loadConfig({ DATA_DIR: dataDir(), LOCK_TIMEOUT_MS: '0' })).toThrow(/LOCK_TIMEOUT_MS/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), JOBS: 'sometimes' })).toThrow(/JOBS/);
  });

  it('when nothing says otherwise, then addresses confirm scarce places; off confirms at once, and another value is refused by name', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).addressConfirmation).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), ADDRESS_CONFIRMATION: 'off' }).addressConfirmation).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ADDRESS_CONFIRMATION: 'maybe' })).toThrow(/ADDRESS_CONFIRMATION/);
  });
});
