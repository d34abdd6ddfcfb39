import type { Programme } from '../../domain/types.js';

/**
 * Remembers one rendering (page, JSON, calendar) per programme and slot (e.g. language),
 * for as long as its inputs stay the same. The sessions array identifies the programme
 * version: the programme cache (db/programmeCache.ts) hands out the same array until
 * the programme changes, then a new one, so a changed programme never meets an old
 * rendering. Live inputs (quota counters, whether registration is open, the URL) go into
 * `key`; one rendering is kept per slot, so odd URLs cannot fill memory.
 */
export class ProgrammeMemo<T> {
  private readonly byVersion = new WeakMap<object, Map<string, { key: string; value: T }>>();

  find(programme: Programme, slot: string, key: string): T | undefined {
    const kept = this.byVersion.get(programme.sessions)?.get(slot);
    return kept && kept.key === key ? kept.value : undefined;
  }

  keep(programme: Programme, slot: string, key: string, value: T): T {
    let slots = this.byVersion.get(programme.sessions);
    if (!slots) {
      slots = new Map();
      this.byVersion.set(programme.sessions, slots);
    }
    slots.set(slot, { key, value });
    return value;
  }

  get(programme: Programme, slot: string, key: string, render: () => T): T {
    return this.find(programme, slot, key) ?? this.keep(programme, slot, key, render());
  }
}

/** The live part of a programme: every quota's size and used counter. */
export function quotaStateKey(programme: Programme): string {
  return programme.quotas.map((q) => `${q.id}:${q.size}:${q.used}`).join(',');
}
