import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The app works with Express, knex, better-sqlite3 and Node, not around them: nothing in
 * server/ reaches into their private parts or hangs state off their objects.
 */
const SERVER = path.join(import.meta.dirname, '..', '..', 'server');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const FORBIDDEN: [string, RegExp][] = [
  ["Node's private socket handle", /\b_handle\b/],
  ["Express's entry point", /\bapp\.handle\b|\.handle\s*=(?!=)/],
  ['a map keyed by a database object', /WeakMap<\s*(Db|Knex|Database|Tx)\b/],
  ['a patched prepare or destroy', /\.(prepare|destroy)\s*=\s*/],
  ["knex's connection pool", /\.client\.(acquireConnection|releaseConnection|destroy)\b/],
];

describe('framework boundaries', () => {
  const files = sources(SERVER);

  it.each(FORBIDDEN)('when server/ is searched for %s, then nothing is found', (_what, pattern) => {
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (pattern.test(line) ? [`${path.relative(SERVER, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('when the search runs, then it reads the whole server tree', () => {
    expect(files.length).toBeGreaterThan(50);
  });
});
