import type { Knex } from 'knex';
import { AppError } from '../../domain/errors.js';

/**
 * Sign-in back-off per (account, client address), after OWASP's guidance: a few wrong
 * passwords are free, then every further attempt from that address for that account
 * waits twice as long as the one before, up to a ceiling. The account's owner signing
 * in from another address, or from a browser that signed in before (a device cookie,
 * services/loginDevices.ts), is not slowed by it. The wait is kept as an instant, so a
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

/**
 * Why a sign-in must wait, as the message key the sign-in page shows: too many wrong
 * passwords for the account from this address, from many addresses, or from this browser
 * (whose device cookie no longer counts).
 */
export type ThrottleReason = 'login_wait' | 'login_wait_account' | 'login_wait_browser';

/** A 429 whose Retry-After is the whole seconds until `until`; the reason is the password field's error. */
export function throttled(until: number, now: Date, reason: ThrottleReason = 'login_wait'): AppError {
  const error = new AppError('rate_limited', { password: reason });
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
export async function claimAttempt(
  db: Knex,
  key: string,
  now: Date,
  reason: ThrottleReason = 'login_wait',
): Promise<void> {
  for (let tries = 0; tries < 5; tries++) {
    const row = (await db('login_throttle').where('key', key).first('failures', 'blocked_until')) as Row | undefined;
    const until = row ? Date.parse(row.blocked_until) : 0;
    if (until > now.getTime()) throw throttled(until, now, reason);
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
  throw throttled(now.getTime() + 1000, now, reason);
}

export async function clearAttempts(db: Knex, key: string): Promise<void> {
  await db('login_throttle').where('key', key).delete();
}

/**
 * Counts one attempt of a trusted device (a device cookie's nonce) before the password is
 * checked, in one statement, so that attempts sent at once each get their own number.
 * Returns whether the device is still trusted: true for its first `limit` attempts since
 * its last right password (`clearAttempts` forgets the count). A device's row never makes
 * anyone wait: its blocked_until is when its counting began, which is always past.
 */
export async function claimDeviceAttempt(db: Knex, key: string, now: Date, limit: number): Promise<boolean> {
  const rows = (await db('login_throttle')
    .insert({ key, failures: 1, blocked_until: now.toISOString() })
    .onConflict('key')
    .merge({ failures: db.raw('login_throttle.failures + 1') })
    .returning('failures')) as { failures: number }[];
  return Number(rows[0]?.failures ?? limit + 1) <= limit;
}
