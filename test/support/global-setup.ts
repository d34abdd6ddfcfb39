/**
 * Once per vitest run, before any worker starts: a directory (and, on PostgreSQL, a name
 * prefix) for the run's template databases, and the instant the demo programme is seeded
 * at for apps that do not set their own clock. Afterwards everything is removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropTemplates } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string;
    templatePrefix: string;
    seedNow: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reg-templates-'));
  const prefix = `reg_test_${process.pid}_tmpl`;
  project.provide('templateDir', dir);
  project.provide('templatePrefix', prefix);
  project.provide('seedNow', new Date().toISOString());
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    const env = project.config.env as Partial<Record<string, string>> | undefined;
    if (env?.TEST_DB === 'postgres') await dropTemplates(prefix);
  };
}
