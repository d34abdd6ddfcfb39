import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../domain/errors.js';
import { sha256Hex } from '../security/tokens.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The CSRF cookie's name. On https it carries the `__Host-` prefix: browsers then accept it
 * only with Secure, Path=/ and no Domain, so a page on a sibling subdomain cannot plant a
 * seed it knows (a "cookie toss") in this site's cookies. Plain http (local development,
 * tests, an intranet) cannot use the prefix and keeps the plain name.
 */
export const csrfCookieName = (secure: boolean): string => (secure ? '__Host-csrf' : 'csrf');

export interface CsrfOptions {
  /**
   * What names the session a request belongs to ('' for none): the token is then bound
   * to it, so that a token made for one session is refused in another. The back office
   * passes its session cookie; public forms have no session.
   */
  sessionOf?: (req: Request) => string;
}

/**
 * CSRF protection for HTML forms: a random seed in an httpOnly cookie, and in every form
 * an HMAC under the app secret of the seed and, where there is one, the session. A
 * cross-site page can neither read the cookie nor compute the HMAC, so it cannot forge the
 * field; and an attacker who plants their own seed and its token in a signed-in
 * organizer's browser still fails, since the token they know was not made for that
 * organizer's session.
 */
export function csrfProtection(secret: string, secureCookie: boolean, options: CsrfOptions = {}) {
  const cookie = csrfCookieName(secureCookie);
  const sign = (seed: string, session: string): string =>
    createHmac('sha256', secret)
      .update(session ? `csrf:${seed}:session:${sha256Hex(session)}` : `csrf:${seed}`)
      .digest('base64url');
  return (req: Request, res: Response, next: NextFunction): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    let seed = cookies[cookie];
    if (!seed || !/^[A-Za-z0-9_-]{32}$/.test(seed)) {
      seed = randomBytes(24).toString('base64url');
      res.cookie(cookie, seed, { httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/' });
      if (UNSAFE.has(req.method)) {
        next(new AppError('forbidden', { _csrf: 'csrf' }));
        return;
      }
    }
    const expected = sign(seed, options.sessionOf?.(req) ?? '');
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
