import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { AppError } from '../domain/errors.js';
import { RateLimiter } from '../db/rateLimiter.js';

/** Counts hits per key and fixed window. */
export interface LimitStore {
  hit(key: string, windowMs: number, now: Date): Promise<number>;
}

/** For one process (the SQLite default): counters in memory, old windows dropped. */
export class MemoryLimitStore implements LimitStore {
  private readonly counts = new Map<string, number>();
  private currentWindowOf = new Map<number, number>();

  hit(key: string, windowMs: number, now: Date): Promise<number> {
    const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
    if (this.currentWindowOf.get(windowMs) !== windowStart) {
      // A new window for this length: forget the counters of the old one.
      for (const k of this.counts.keys()) if (k.startsWith(`${windowMs}|`)) this.counts.delete(k);
      this.currentWindowOf.set(windowMs, windowStart);
    }
    const full = `${windowMs}|${key}`;
    const n = (this.counts.get(full) ?? 0) + 1;
    this.counts.set(full, n);
    return Promise.resolve(n);
  }
}

/** For several processes (PostgreSQL): counters in the database. */
export function databaseLimitStore(db: Knex): LimitStore {
  const limiter = new RateLimiter(db);
  return { hit: (key, windowMs, now) => limiter.hit(key, windowMs, now) };
}

/** What the rules look at: who asks, and what they sent. */
export interface LimitSubject {
  ip: string;
  body: unknown;
}

export interface LimitRule {
  name: string;
  windowMs: number;
  max: number;
  /** What is counted; null skips the rule for this request. */
  key: (subject: LimitSubject) => string | null;
}

export const byIp: LimitRule['key'] = (subject) => subject.ip;

/** Counts a request against the rules: null when it may pass, else 429 (with Retry-After). */
export type LimitCheck = (subject: LimitSubject) => Promise<AppError | null>;

export function limitCheck(store: LimitStore, rules: LimitRule[], clock: () => Date, enabled: boolean): LimitCheck {
  return async (subject) => {
    if (!enabled) return null;
    const now = clock();
    for (const rule of rules) {
      const key = rule.key(subject);
      if (key === null) continue;
      const count = await store.hit(`${rule.name}:${key}`, rule.windowMs, now);
      if (count > rule.max) {
        const error = new AppError('rate_limited');
        error.retryAfter = Math.ceil((rule.windowMs - (now.getTime() % rule.windowMs)) / 1000);
        return error;
      }
    }
    return null;
  };
}

/** The check as Express middleware: refuses once any rule's count passes its maximum. */
export function rateLimit(check: LimitCheck) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    next((await check({ ip: req.ip ?? 'unknown', body: req.body })) ?? undefined);
  };
}

const MINUTE = 60_000;

/**
 * Requests per client address: generous for registration, because a whole school may sit
 * behind one address; a few an hour for link e-mails. Nothing is keyed on what a request
 * carries (an e-mail address): anyone could type someone else's and lock them out. What
 * reaches one mailbox is limited where mail is queued instead (services/manageLink.ts).
 */
export const REGISTRATION_LIMITS: LimitRule[] = [{ name: 'register:ip', windowMs: 10 * MINUTE, max: 600, key: byIp }];

export const LINK_LIMITS: LimitRule[] = [{ name: 'link:ip', windowMs: 60 * MINUTE, max: 30, key: byIp }];

/**
 * Certificate verification pages per client address: plenty for an employer checking a
 * stack of certificates, too few to walk the code space (120 random bits in any case).
 */
export const VERIFY_LIMITS: LimitRule[] = [{ name: 'verify:ip', windowMs: 10 * MINUTE, max: 120, key: byIp }];
