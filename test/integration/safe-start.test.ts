import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../server/paths.js';

/**
 * `npm start` from one checkout, twice and side by side: neither start may remove files the
 * other runs from. Runs in a copy of the project (its sources, with node_modules linked), so
 * the checkout's own build is left alone.
 */
describe('two starts from one checkout', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'start-copy-'));
  const running: ChildProcess[] = [];
  for (const entry of ['server', 'migrations', 'seeds', 'bench', 'views', 'public', 'scripts']) {
    cpSync(path.join(APP_ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(path.join(APP_ROOT, file), path.join(copy, file));
  }
  symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

  afterAll(async () => {
    await Promise.all(running.map(stop));
    rmSync(copy, { recursive: true, force: true });
  });

  /** `npm start` in the copy on a port the OS picks, with its own data directory. */
  function npmStart(): Promise<{ url: string; output: () => string }> {
    const data = mkdtempSync(path.join(copy, 'data-'));
    const child = spawn('npm', ['start'], {
      cwd: copy,
      detached: true, // its own process group, so stopping it stops npm's children too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: '0',
        BASE_URL: 'http://127.0.0.1:3000',
        DATA_DIR: data,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
    });
    running.push(child);
    let output = '';
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    return new Promise((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        output += c.toString('utf8');
        const m = /running: http:\/\/localhost:(\d+)/.exec(output);
        if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, output: () => output });
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
  }

  const healthy = async (url: string) => (await fetch(`${url}/healthz`)).status;
  const builds = () => readdirSync(copy).filter((n) => /^dist-[0-9a-f]{12}$/.test(n));

  it('when two starts compile at once, then both serve; a third after a change compiles beside them and all three keep serving', async () => {
    const [a, b] = await Promise.all([npmStart(), npmStart()]);
    expect(await healthy(a.url)).toBe(200);
    expect(await healthy(b.url)).toBe(200);
    expect(builds()).toHaveLength(1);
    const first = readlinkSync(path.join(copy, 'dist'));

    // A change to the sources: the next start compiles a build of its own and switches
    // `dist` to it; the two running processes keep theirs.
    appendFileSync(path.join(copy, 'server', 'paths.ts'), '\n// changed\n');
    const c = await npmStart();
    expect(readlinkSync(path.join(copy, 'dist'))).not.toBe(first);
    expect(builds()).toContain(first);
    for (const { url } of [a, b, c]) {
      expect(await healthy(url)).toBe(200);
      // A page renders its templates and reads static files after the switch.
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect((await fetch(`${url}/static/css/site.css`)).status).toBe(200);
    }
  });
});

function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-pid, 'SIGTERM');
    setTimeout(() => child.exitCode === null && process.kill(-pid, 'SIGKILL'), 10_000).unref();
  });
}
