/** Child processes of the bench: started with tsx, talking back over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface Child {
  url: string;
  /** Highest resident set size reported since the last reset, in bytes. */
  peakRss: () => number;
  resetPeakRss: () => void;
  stop: () => Promise<void>;
}

interface Message {
  ready?: string;
  rss?: number;
}

/** Forks `bench/<script>` with the given environment and waits for its address. */
export function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child: ChildProcess = fork(path.join(HERE, script), [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
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
