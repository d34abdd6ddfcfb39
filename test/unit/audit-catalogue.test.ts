import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminEn } from '../../server/i18n/admin.en.js';
import { adminLv } from '../../server/i18n/admin.lv.js';

/** Every audit action and target type the code writes, found in its source. */
function written(field: 'action' | 'targetType'): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        for (const m of readFileSync(file, 'utf8').matchAll(new RegExp(`\\b${field}: '([a-z_.]+)'`, 'g'))) {
          if (m[1]) found.add(m[1]);
        }
      }
    }
  };
  walk(path.join(import.meta.dirname, '../../server/features'));
  walk(path.join(import.meta.dirname, '../../server/db'));
  walk(path.join(import.meta.dirname, '../../server/jobs'));
  return [...found].sort();
}

describe('the audit log speaks people’s language', () => {
  it('when the code writes an audit action, then both catalogues name it', () => {
    const actions = written('action');
    expect(actions.length).toBeGreaterThan(20);
    for (const a of actions) {
      expect(adminLv, a).toHaveProperty([`audit.action.${a}`]);
      expect(adminEn, a).toHaveProperty([`audit.action.${a}`]);
    }
  });

  it('when the code writes a target type, then both catalogues name it', () => {
    for (const type of written('targetType')) {
      expect(adminLv, type).toHaveProperty([`audit.target.${type}`]);
      expect(adminEn, type).toHaveProperty([`audit.target.${type}`]);
    }
  });
});
