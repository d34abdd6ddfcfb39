/**
 * Child processes of the bench: compiled to JavaScript and run with plain node, as
 * `npm start` runs the app, talking back over IPC.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

let built = false;

/** `npm run build` once per bench run, so the children never run stale code. */
function buildOnce(): void {
  if (built) return;
  execSync('npm run -s build', { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export interface Child {
  url: string;
  /** The child process itself, for benches that talk to it over IPC. */
  process: ChildProcess;
  /** Highest resident set size reported since the last reset, in bytes. */
  peakRss: () => number;
  resetPeakRss: () => void;
  stop: () => Promise<void>;
}

interface Message {
  ready?: string;
  rss?: number;
}

/** Forks `bench/<script>` (compiled) with the given environment and waits for its address. */
export function startChild(script: string, env: NodeJS.ProcessEnv, opts: { quiet?: boolean } = {}): Promise<Child> {
  buildOnce();
  const compiled = path.join(ROOT, 'dist', 'bench', script.replace(/\.ts$/, '.js'));
  const child: ChildProcess = fork(compiled, [], {
    env: { ...process.env, ...env },
    execArgv: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    // quiet: standard output (the request log) goes to /dev/null, still written.
    stdio: ['ignore', opts.quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  let peak = 0;
  child.on('message', (m: Message) => {
    if (typeof m.rss === 'number') peak = Math.max(peak, m.rss);
  });
  return new Promise((resolve, reject) => {
    const failed = (code: number | null): void => reject(new Error(`${script} exited with ${code} before ready`));
    child.once('exit', failed);
    child.on('message', (m: Message) => {
      if (!m.ready) return;
      child.off('exit', failed);
      resolve({
        url: m.ready,
        process: child,
        peakRss: () => peak,
        resetPeakRss: () => {
          peak = 0;
        },
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}

/**
 * The environment of an app child as every bench runs it: its own database, the demo
 * programme, no request log, no rate limits (load tests only).
 */
export function benchAppEnv(databaseUrl: string, dataDir: string): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DEMO: 'on',
    LOG_LEVEL: 'silent',
    RATE_LIMIT: 'off',
    // Load tests take places for made-up people: no address confirms them.
    ADDRESS_CONFIRMATION: 'off',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    BASE_URL: 'http://127.0.0.1:3000',
  };
}

/** A port nothing listens on right now, on the loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
