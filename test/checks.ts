/**
 * The static checks of `npm test` at once — type-check, lint, format, the OpenAPI lint —
 * each one's output printed whole when it ends, and a failure of any fails the run.
 */
import { spawn } from 'node:child_process';

const CHECKS = ['typecheck', 'lint', 'format:check', 'lint:openapi'];

function run(script: string): Promise<{ script: string; ok: boolean; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('close', (code) => resolve({ script, ok: code === 0, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const results = await Promise.all(
  CHECKS.map((script) =>
    run(script).then((r) => {
      console.log(`${r.ok ? '✓' : '✗'} ${r.script} (${r.seconds.toFixed(0)} s)`);
      if (!r.ok) console.log(r.output.trimEnd());
      return r;
    }),
  ),
);
process.exit(results.every((r) => r.ok) ? 0 : 1);
