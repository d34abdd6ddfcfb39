import type { Knex } from 'knex';
import type { SqliteReader } from './reader.js';

/**
 * What was loaded of the static programme (events, sessions, regions, municipalities,
 * which sessions each quota covers) under the programme version last seen, per database
 * handle. Triggers raise the version on every change to those tables (migration
 * …_programme_version), so one tiny query per use tells whether the cache still holds,
 * across app processes too. Quota sizes and used counters are never cached.
 */
export class ProgrammeCache {
  private version: number | null = null;
  /** The SQLite data version under which `version` was last read. */
  private checkedAt: number | null = null;
  private readonly entries = new Map<string, Promise<unknown>>();
  private readonly snapshots = new Map<string, { dataVersion: number; value: unknown }>();

  constructor(
    private readonly knex: Knex,
    private readonly reader: SqliteReader | null,
  ) {}

  /** The programme version the kept entries belong to (null before the first look). */
  get currentVersion(): number | null {
    return this.version;
  }

  /** Forgets everything when the programme changed since the last look. */
  async refresh(): Promise<this> {
    const reader = this.reader;
    if (reader) {
      // On SQLite the version is read on the side connection, without a turn in knex's
      // queue, and only when anything at all was committed since the last look.
      const dataVersion = reader.dataVersion();
      if (dataVersion === this.checkedAt) return this;
      const [row] = reader.all<{ version: number }>('SELECT version FROM programme_version WHERE id = 1');
      this.adopt(Number(row?.version ?? 0));
      this.checkedAt = dataVersion;
      return this;
    }
    const row = (await this.knex('programme_version').where('id', 1).first('version')) as
      { version: number | string } | undefined;
    this.adopt(Number(row?.version ?? 0));
    return this;
  }

  /**
   * A value that depends on live data too (quota counters), kept for as long as the
   * SQLite data version stays the same, i.e. until anyone commits anything. `dataVersion`
   * must be read before the data the value is made of (see SqliteReader).
   */
  snapshot<T>(key: string, dataVersion: number): T | undefined {
    const kept = this.snapshots.get(key);
    return kept && kept.dataVersion === dataVersion ? (kept.value as T) : undefined;
  }

  keepSnapshot<T>(key: string, dataVersion: number, value: T): T {
    this.snapshots.set(key, { dataVersion, value: deepFreeze(value) });
    return value;
  }

  /** Takes a version read along with other data; says whether the cache held for it. */
  adopt(version: number): boolean {
    if (version === this.version) return true;
    this.version = version;
    this.entries.clear();
    this.snapshots.clear();
    return false;
  }

  /** What is kept under the version last seen, without asking the database. */
  peek<T>(key: string): Promise<T | null> | undefined {
    return this.entries.get(key) as Promise<T | null> | undefined;
  }

  /**
   * The cached value of `key`, loaded once per version. Nothing is kept for a missing
   * value (null) or a failed load, so unknown slugs in URLs cannot fill the cache.
   */
  get<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const kept = this.entries.get(key) as Promise<T | null> | undefined;
    if (kept) return kept;
    const loading = load().then(
      (value) => {
        if (value === null) this.entries.delete(key);
        return value === null ? null : deepFreeze(value);
      },
      (err: unknown) => {
        this.entries.delete(key);
        throw err;
      },
    );
    this.entries.set(key, loading);
    return loading;
  }
}

/** Shared between requests, so nobody may change it in place. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
