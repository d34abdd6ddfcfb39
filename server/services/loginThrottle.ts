import type { Knex } from 'knex';
import { AppError } from '../domain/errors.js';

/**
 * Sign-in back-off per (account, client address), after OWASP's guidance: a few wrong
 * passwords are free, then every further attempt from that address for that account
 * waits twice as long as the one before, up to a ceiling. The account's owner signing
 * in from another address is not slowed by it. The wait is kept as an instant, so a
 * 429 says exactly how long is left.
 */
export const FREE_FAILURES = 5;
export const FIRST_WAIT_MS = 30_000;
export const LONGEST_WAIT_MS = 15 * 60_000;

/** The wait after the n-th failure in a row: none for the free ones, then 30 s, 60 s, 120 s … */
export function waitAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(failures - FREE_FAILURES, 20));
}

/** A 429 whose Retry-After is the whole seconds until `until`. */
export function throttled(until: number, now: Date): AppError {
  const error = new AppError('rate_limited');
  error.retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return error;
}

interface Row {
  failures: number;
  blocked_until: string;
}

/**
 * Claims one attempt for the key before the password is checked: throws 429 while the
 * key waits; else counts the attempt as a failure in advance (so that attempts sent at
 * once cannot all slip through before the first is counted) and sets the next wait.
 * A right password then clears the key (`clearAttempts`).
 */
export async function claimAttempt(db: Knex, key: string, now: Date): Promise<void> {
  for (let tries = 0; tries < 5; tries++) {
    const row = (await db('login_throttle').where('key', key).first('failures', 'blocked_until')) as Row | undefined;
    const until = row ? Date.parse(row.blocked_until) : 0;
    if (until > now.getTime()) throw throttled(until, now);
    const failures = Number(row?.failures ?? 0) + 1;
    const blockedUntil = new Date(now.getTime() + waitAfter(failures)).toISOString();
    // Only the attempt that read the current count may move it on: another process that
    // counted meanwhile makes this one read again (and most likely wait).
    const claimed = row
      ? await db('login_throttle')
          .where({ key, failures: row.failures })
          .update({ failures, blocked_until: blockedUntil })
      : (
          (await db('login_throttle')
            .insert({ key, failures, blocked_until: blockedUntil })
            .onConflict('key')
            .ignore()
            .returning('key')) as unknown[]
        ).length;
    if (claimed > 0) return;
  }
  throw throttled(now.getTime() + 1000, now);
}

export async function clearAttempts(db: Knex, key: string): Promise<void> {
  await db('login_throttle').where('key', key).delete();
}
