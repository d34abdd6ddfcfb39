import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../domain/errors.js';

const COOKIE = 'csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for HTML forms: a random value in an httpOnly cookie, and in every form
 * an HMAC of it under the app secret. A cross-site page can neither read the cookie nor
 * compute the HMAC, so it cannot forge the field.
 */
export function csrfProtection(secret: string, secureCookie: boolean) {
  const sign = (seed: string): string => createHmac('sha256', secret).update(`csrf:${seed}`).digest('base64url');
  return (req: Request, res: Response, next: NextFunction): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    let seed = cookies[COOKIE];
    if (!seed || !/^[A-Za-z0-9_-]{32}$/.test(seed)) {
      seed = randomBytes(24).toString('base64url');
      res.cookie(COOKIE, seed, { httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/' });
      if (UNSAFE.has(req.method)) {
        next(new AppError('forbidden', { _csrf: 'csrf' }));
        return;
      }
    }
    const expected = sign(seed);
    res.locals.csrfToken = expected;
    if (UNSAFE.has(req.method)) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const sent = typeof body._csrf === 'string' ? body._csrf : (req.get('x-csrf-token') ?? '');
      const a = Buffer.from(sent);
      const b = Buffer.from(expected);
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        next(new AppError('forbidden', { _csrf: 'csrf' }));
        return;
      }
    }
    next();
  };
}
