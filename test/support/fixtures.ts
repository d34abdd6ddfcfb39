import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createTestApp, demoIds, type DemoIds, type TestApp, type TestAppOptions } from './app.js';

/** An object whose properties `keys` are read, each time, from whatever `current()` gives then. */
function delegate<T extends object, K extends keyof T>(current: () => T, keys: Record<K, true>): Pick<T, K> {
  const proxy = {} as Pick<T, K>;
  for (const key of Object.keys(keys) as K[]) {
    Object.defineProperty(proxy, key, { get: () => current()[key], enumerable: true });
  }
  return proxy;
}

export interface UseTestAppOptions extends TestAppOptions {
  /** A fresh app around every test of the block, rather than one for the whole block. */
  perTest?: boolean;
}

/**
 * The app a block of tests works with: made before its tests (with the demo programme's
 * ids) and closed after them. `t` and `ids` always stand for the current app, so they can
 * be destructured once at the top of a `describe`; read them inside tests and hooks.
 * Hooks the block adds after this call run after the app is made and before it is closed.
 */
export function useTestApp(opts: UseTestAppOptions = {}): { t: TestApp; ids: DemoIds } {
  let current: { app: TestApp; ids: DemoIds | null } | null = null;
  const app = (): TestApp => {
    if (!current) throw new Error('useTestApp: the app exists only inside tests and their hooks');
    return current.app;
  };
  const demo = (): DemoIds => {
    const ids = current?.ids;
    if (!ids) throw new Error('useTestApp: no demo programme (seed: false) or no app yet');
    return ids;
  };
  const t: TestApp = Object.assign(delegate(app, { app: true, ctx: true, db: true, databaseUrl: true, clock: true }), {
    close: () => Promise.reject(new Error('useTestApp closes the app itself')),
  });
  const ids: DemoIds = delegate(demo, { eventId: true, plenary: true, workshops: true, quota: true });

  const open = async (): Promise<void> => {
    const made = await createTestApp(opts);
    current = { app: made, ids: opts.seed === false ? null : await demoIds(made.db) };
  };
  const close = async (): Promise<void> => {
    const was = current;
    current = null;
    await was?.app.close();
  };
  if (opts.perTest) {
    beforeEach(open);
    afterEach(close);
  } else {
    beforeAll(open);
    afterAll(close);
  }
  return { t, ids };
}
