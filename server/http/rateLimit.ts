import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/knex.js';
import { AppError } from '../domain/errors.js';
import { RateLimiter } from '../services/rateLimit.js';

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
export function databaseLimitStore(db: Db): LimitStore {
  const limiter = new RateLimiter(db);
  return { hit: (key, windowMs, now) => limiter.hit(key, windowMs, now) };
}

export interface LimitRule {
  name: string;
  windowMs: number;
  max: number;
  /** What is counted; null skips the rule for this request. */
  key: (req: Request) => string | null;
}

export const byIp: LimitRule['key'] = (req) => req.ip ?? 'unknown';

/**
 * The e-mail in a form or JSON body, as a counting key: hashed, so that the counters
 * hold no addresses and any bytes at all (NUL included) make a safe key.
 */
export const byEmail: LimitRule['key'] = (req) => {
  const email = (req.body as Record<string, unknown> | undefined)?.email;
  if (typeof email !== 'string' || !email.trim()) return null;
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
};

/** Refuses with 429 (and Retry-After) once any rule's count passes its maximum. */
export function rateLimit(store: LimitStore, rules: LimitRule[], clock: () => Date, enabled: boolean) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (!enabled) {
      next();
      return;
    }
    const now = clock();
    for (const rule of rules) {
      const key = rule.key(req);
      if (key === null) continue;
      const count = await store.hit(`${rule.name}:${key}`, rule.windowMs, now);
      if (count > rule.max) {
        const error = new AppError('rate_limited');
        error.retryAfter = Math.ceil((rule.windowMs - (now.getTime() % rule.windowMs)) / 1000);
        next(error);
        return;
      }
    }
    next();
  };
}

const MINUTE = 60_000;

/**
 * Registration: generous per address, because a whole school may sit behind one, and
 * tight per e-mail. Link re-sends: a few an hour.
 */
export const REGISTRATION_LIMITS: LimitRule[] = [
  { name: 'register:ip', windowMs: 10 * MINUTE, max: 600, key: byIp },
  { name: 'register:email', windowMs: 60 * MINUTE, max: 10, key: byEmail },
];

export const LINK_LIMITS: LimitRule[] = [
  { name: 'link:ip', windowMs: 60 * MINUTE, max: 30, key: byIp },
  { name: 'link:email', windowMs: 60 * MINUTE, max: 3, key: byEmail },
];
