import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface AppProcess {
  /** http://127.0.0.1:PORT of this process. */
  url: string;
  child: ChildProcess;
  /** What the process wrote to stderr, for failure messages. */
  errors: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the real app (`server/main.ts`) as a child process against `databaseUrl`, on a
 * port the OS picks, and resolves once it answers /healthz. The database should be
 * migrated and seeded already (DEMO is off), so processes never race to prepare it.
 */
export async function spawnApp(databaseUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reg-proc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DEMO: 'off',
      RATE_LIMIT: 'off',
      // Load tests take places for made-up people: no address confirms them.
      ADDRESS_CONFIRMATION: 'off',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      BASE_URL: 'http://127.0.0.1:3000',
      SESSION_SECRET: 'process-test-secret-that-is-long-enough-0000',
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // main.ts prints "Registration app is running: http://localhost:PORT" once listening.
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`app did not start in time:\n${stderr}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /running: http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening:\n${stderr}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const health = await fetch(`${url}/healthz`);
  if (health.status !== 200) throw new Error(`app at ${url} is not healthy: ${health.status}`);

  return {
    url,
    child,
    errors: () => stderr,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
