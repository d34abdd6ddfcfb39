import type { Knex } from 'knex';

/**
 * Fixed-window counters in the database, so every app process sees the same counts.
 * A window is identified by its start; old windows are deleted as they are passed.
 */
export class RateLimiter {
  constructor(private readonly db: Knex) {}

  private windowStart(now: Date, windowMs: number): string {
    return new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  }

  /** Counts one more hit and returns the count in the current window. */
  async hit(key: string, windowMs: number, now: Date): Promise<number> {
    const start = this.windowStart(now, windowMs);
    const rows = (await this.db('rate_limits')
      .insert({ key, window_start: start, count: 1 })
      .onConflict(['key', 'window_start'])
      .merge({ count: this.db.raw('rate_limits.count + 1') })
      .returning('count')) as { count: number }[];
    return Number(rows[0]?.count ?? 1);
  }

  async count(key: string, windowMs: number, now: Date): Promise<number> {
    const row = (await this.db('rate_limits')
      .where({ key, window_start: this.windowStart(now, windowMs) })
      .first('count')) as { count: number } | undefined;
    return Number(row?.count ?? 0);
  }

  async reset(key: string): Promise<void> {
    await this.db('rate_limits').where('key', key).delete();
  }

  /** Seconds until the current window ends (for Retry-After). */
  retryAfter(windowMs: number, now: Date): number {
    return Math.ceil((windowMs - (now.getTime() % windowMs)) / 1000);
  }

  async prune(now: Date, olderThanMs = 24 * 3600_000): Promise<void> {
    await this.db('rate_limits')
      .where('window_start', '<', new Date(now.getTime() - olderThanMs).toISOString())
      .delete();
  }
}
