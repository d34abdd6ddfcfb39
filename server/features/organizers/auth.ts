import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { canActInRegion, type Organizer } from '../../domain/organizers.js';
import { organizerForApiToken } from './apiTokens.js';
import { organizerForSession } from './webSessions.js';

export const SESSION_COOKIE = 'sid';

/**
 * The device cookie (services/loginDevices.ts). On https it carries the `__Host-` prefix,
 * so that no other host under the same domain can set or overwrite it.
 */
/**
 * The device cookie (services/loginDevices.ts) is read only by the sign-in, so it is sent
 * only there (Path=/admin/login): public pages stay free of it, and so in nginx's cache. It
 * carries no `__Host-` prefix, which would need Path=/; a cookie planted from a sibling
 * domain cannot pass for one, since every entry is signed with the app secret.
 */
export const DEVICE_COOKIE = 'login_device';
export const DEVICE_COOKIE_PATH = '/admin/login';

export function organizerOf(res: Response): Organizer {
  const organizer = res.locals.organizer as Organizer | undefined;
  if (!organizer) throw new AppError('unauthorized');
  return organizer;
}

/** Loads the signed-in organizer, if any, from the session cookie. */
export function loadOrganizer(ctx: ServiceContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE];
    if (token) {
      const organizer = await organizerForSession(ctx, token);
      if (organizer) res.locals.organizer = organizer;
    }
    next();
  };
}

/** Pages: anonymous people are sent to the login page, and come back afterwards. */
export function requireOrganizer(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.organizer) {
    next();
    return;
  }
  if (req.method === 'GET') {
    res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  next(new AppError('unauthorized'));
}

export function requireAdmin(_req: Request, res: Response, next: NextFunction): void {
  next(organizerOf(res).role === 'admin' ? undefined : new AppError('forbidden'));
}

export function requireRegion(res: Response, regionId: string | null): void {
  if (!canActInRegion(organizerOf(res), regionId)) throw new AppError('forbidden');
}

/** API: `Authorization: Bearer <token>`; anything else is 401. */
export function bearerAuth(ctx: ServiceContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const organizer = match?.[1] ? await organizerForApiToken(ctx, match[1]) : null;
    if (!organizer) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(new AppError('unauthorized'));
      return;
    }
    res.locals.organizer = organizer;
    next();
  };
}
