#!/usr/bin/env node
/**
 * Compiles the app for `npm start` without ever touching a build a running process uses.
 *
 * Each build lives in a directory of its own named after what it was compiled from
 * (`dist-<hash>/`, the hash of the TypeScript sources, the tsconfigs and the lockfile), and
 * `dist` is a symbolic link to the current one:
 *
 * - an unchanged tree reuses its build (no compile at all);
 * - a changed tree compiles into a fresh temporary directory, renamed into place when
 *   complete, and `dist` is switched with a rename (atomic), so a process that started
 *   from the previous build keeps its files;
 * - two starts at once compile side by side; whichever finishes second finds the build in
 *   place and throws its own copy away;
 * - older builds are removed only beyond the newest KEEP, so a process started from one of
 *   the last few builds never loses a file.
 *
 * Node follows the link when it loads a module, so a running process holds the real
 * `dist-<hash>/` path of the build it started from.
 */
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const KEEP = 3;
const SOURCES = ['server', 'migrations', 'seeds', 'bench'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const COMPLETE = '.complete';

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && entry.name.endsWith('.ts')) yield full;
  }
}

function sourceHash() {
  const hash = createHash('sha256');
  const files = [
    ...SOURCES.flatMap((d) => (existsSync(path.join(ROOT, d)) ? [...walk(path.join(ROOT, d))] : [])),
    ...FILES.map((f) => path.join(ROOT, f)).filter((f) => existsSync(f)),
  ];
  for (const file of files) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function compile(name) {
  const target = path.join(ROOT, name);
  if (existsSync(path.join(target, COMPLETE))) return false;
  const temporary = path.join(ROOT, `${name}.tmp-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', temporary], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    rmSync(temporary, { recursive: true, force: true });
    process.exit(run.status ?? 1);
  }
  writeFileSync(path.join(temporary, COMPLETE), new Date().toISOString() + '\n');
  try {
    renameSync(temporary, target);
  } catch (err) {
    // Another start finished the same build first: theirs is as good as ours.
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(path.join(target, COMPLETE))) throw err;
  }
  return true;
}

/** Points `dist` at the build with a rename, which replaces the old link in one step. */
function switchTo(name) {
  const link = path.join(ROOT, 'dist');
  let stat = null;
  try {
    stat = lstatSync(link);
  } catch {
    stat = null;
  }
  if (stat && !stat.isSymbolicLink()) {
    // A dist/ directory from before builds had their own directories: moved aside, not
    // deleted, in case a process still runs from it.
    renameSync(link, path.join(ROOT, `dist-old-${Date.now()}`));
  }
  const temporary = path.join(ROOT, `dist.link-${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(name, temporary, 'dir');
  renameSync(temporary, link);
}

/** Removes builds beyond the newest KEEP (by when they were last chosen), never the current one. */
function prune(current) {
  const builds = readdirSync(ROOT)
    .filter((n) => /^dist-[0-9a-z-]+$/.test(n) && n !== current)
    .map((n) => ({ n, at: statSync(path.join(ROOT, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { n } of builds.slice(KEEP - 1)) rmSync(path.join(ROOT, n), { recursive: true, force: true });
}

const name = `dist-${sourceHash()}`;
const compiled = compile(name);
const now = new Date();
utimesSync(path.join(ROOT, name), now, now);
switchTo(name);
prune(name);
if (process.argv.includes('--verbose') || compiled) {
  process.stderr.write(`build: ${compiled ? 'compiled' : 'up to date'} ${name} (dist -> ${name})\n`);
}
