import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, invalid } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { clientSummary } from '../../domain/userAgent.js';
import { formatMoment, type Lang } from '../../domain/time.js';
import { createApiToken, listApiTokens, revocableApiToken, revokeApiToken } from './apiTokens.js';
import { changePassword } from './accounts.js';
import { endSession, listSessions, logout, sessionOf, SESSION_TTL_MS, type SessionView } from './webSessions.js';
import { DEVICE_TTL_MS } from './loginDevices.js';
import { login } from './signIn.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, SESSION_COOKIE, organizerOf, requireOrganizer } from './auth.js';
import { page, positiveInt, withFormErrors } from '../../http/admin/render.js';
import { param, queryOf, safeLine } from '../../http/schemas.js';
import { plural, type Translate } from '../../i18n/index.js';
import { langOf } from '../../http/i18n.js';

/** Only a path inside the back office may be a place to return to after login. */
const safeNext = (v: unknown): string =>
  typeof v === 'string' && /^\/admin(\/[\w\-./?=&%]*)?$/.test(v) ? v : '/admin';

/** The session cookie of the request ('' when there is none). */
const sessionTokenOf = (req: Request): string =>
  (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE] ?? '';

/**
 * A wait as the sign-in page says it, in words after "pēc" / "in": seconds under a minute,
 * else whole minutes (rounded up) — "pēc 30 sekundēm", "pēc 2 minūtēm".
 */
const waitText = (seconds: number, t: Translate, lang: Lang): string =>
  seconds < 60
    ? plural(t, lang, 'live.unit.seconds', seconds)
    : plural(t, lang, 'live.unit.minutes', Math.ceil(seconds / 60));

/** A session as a row of the account page: its times said as Latvian or English do. */
const sessionRow = (s: SessionView, lang: Lang) => ({
  ...s,
  created: formatMoment(s.createdAt, lang),
  lastSeen: formatMoment(s.lastSeenAt, lang),
});

/** The login form's fields, cut to their longest sensible length. */
function loginForm(body: unknown): { email: string; password: string; next: string } {
  const form = (body ?? {}) as Record<string, unknown>;
  return {
    email: typeof form.email === 'string' ? form.email.slice(0, 254) : '',
    password: typeof form.password === 'string' ? form.password.slice(0, 200) : '',
    next: safeNext(form.next),
  };
}

/** Where to go after signing in (checked by safeNext), and what the account page reports. */
const LoginQuery = z.object({ next: param(300) });
const AccountQuery = z.object({ ended: param(10) });

export function accountRouter(ctx: ServiceContext): Router {
  const router = Router();
  const secure = ctx.baseUrl.startsWith('https:');
  const sessionCookie = { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_MS, path: '/' } as const;
  const deviceCookie = DEVICE_COOKIE;
  const deviceCookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: DEVICE_TTL_MS,
    path: DEVICE_COOKIE_PATH,
  } as const;
  const loginPage = (res: Response, next: string, extra: Record<string, unknown> = {}, status = 200) =>
    page(res, 'login', res.locals.t('admin.loginHeading'), { next, ...extra }, status);

  router.get('/admin/login', (req, res) => {
    const { next } = queryOf(LoginQuery, req);
    if (res.locals.organizer) {
      res.redirect(303, safeNext(next));
      return;
    }
    loginPage(res, safeNext(next));
  });

  router.post('/admin/login', async (req, res) => {
    const { email, password, next } = loginForm(req.body);
    try {
      const signedIn = await login(ctx, {
        email,
        password,
        ip: req.ip ?? 'unknown',
        client: clientSummary(req.get('user-agent')),
        device: (req.cookies as Record<string, string | undefined>)[deviceCookie] ?? null,
      });
      res.cookie(SESSION_COOKIE, signedIn.sessionToken, sessionCookie);
      res.cookie(deviceCookie, signedIn.device, deviceCookieOptions);
      res.redirect(303, next);
    } catch (err) {
      if (err instanceof AppError && err.code === 'unauthorized') {
        loginPage(res, next, { values: { email }, errors: err.fields ?? {} }, 401);
        return;
      }
      // A client that must wait sees the form again with how long, and why (the reason
      // is the field's message key, services/loginThrottle.ts); Retry-After says it exactly.
      if (err instanceof AppError && err.code === 'rate_limited') {
        const seconds = err.retryAfter ?? 60;
        res.setHeader('Retry-After', String(seconds));
        const reason = err.fields?.password ?? 'login_wait';
        loginPage(
          res,
          next,
          {
            values: { email },
            errors: { password: `${reason}:${waitText(seconds, res.locals.t as Translate, langOf(req))}` },
          },
          429,
        );
        return;
      }
      throw err;
    }
  });

  router.post('/admin/logout', requireOrganizer, async (req, res) => {
    await logout(ctx, sessionTokenOf(req), organizerOf(res));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/admin/login');
  });

  const accountPage = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const organizer = organizerOf(res);
    const lang = res.locals.lang as Lang;
    const sessions = await listSessions(ctx, organizer.id, sessionTokenOf(req));
    const tokens = (await listApiTokens(ctx, organizer.id)).map((tok) => ({
      ...tok,
      created: formatMoment(tok.createdAt, lang),
      lastUsed: tok.lastUsedAt ? formatMoment(tok.lastUsedAt, lang) : null,
    }));
    page(
      res,
      'account',
      res.locals.t('admin.account'),
      { sessions: sessions.map((s) => sessionRow(s, lang)), tokens, ...extra },
      status,
    );
  };

  router.get('/admin/account', requireOrganizer, async (req, res) => {
    const { ended } = queryOf(AccountQuery, req);
    await accountPage(req, res, { ended: ended === 'session' || ended === 'token' ? ended : null });
  });

  router.post('/admin/account/password', requireOrganizer, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    await withFormErrors(
      async () => {
        await changePassword(
          ctx,
          organizerOf(res),
          String(body.current ?? ''),
          String(body.password ?? ''),
          sessionTokenOf(req),
        );
        await accountPage(req, res, { done: true });
      },
      (errors) => accountPage(req, res, { errors }, 400),
    );
  });

  router.post('/admin/account/tokens', requireOrganizer, async (req, res) => {
    const organizer = organizerOf(res);
    const name = String((req.body as Record<string, unknown>)?.name ?? '').slice(0, 100);
    if (!safeLine(name)) throw invalid({ name: 'invalid_characters' });
    const token = await createApiToken(ctx, organizer.id, name, organizer.email);
    res.setHeader('Cache-Control', 'no-store');
    await accountPage(req, res, { newToken: token });
  });

  // Ending a session or revoking a token takes two steps: a page that asks, then the form.
  const confirmPage = (res: Response, what: 'session' | 'token', action: string, name: string) =>
    page(res, 'confirm-end', res.locals.t(what === 'session' ? 'admin.endSession' : 'admin.revokeToken'), {
      what,
      action,
      name,
    });

  router.get('/admin/account/sessions/:handle/end', requireOrganizer, async (req, res) => {
    const handle = String(req.params.handle);
    const session = await sessionOf(ctx, organizerOf(res), handle, sessionTokenOf(req));
    if (session.current) throw new AppError('not_found');
    const lang = res.locals.lang as Lang;
    const row = sessionRow(session, lang);
    const name = `${session.client ?? res.locals.t('admin.unknownClient')} · ${res.locals.t('admin.sessionStarted')} ${row.created}`;
    confirmPage(res, 'session', `/admin/account/sessions/${handle}/end`, name);
  });

  router.post('/admin/account/sessions/:handle/end', requireOrganizer, async (req, res) => {
    const handle = String(req.params.handle);
    const session = await sessionOf(ctx, organizerOf(res), handle, sessionTokenOf(req));
    // This browser's own session ends by signing out.
    if (session.current) throw new AppError('not_found');
    await endSession(ctx, organizerOf(res), handle);
    res.redirect(303, '/admin/account?ended=session');
  });

  router.get('/admin/account/tokens/:id/revoke', requireOrganizer, async (req, res) => {
    const token = await revocableApiToken(ctx, organizerOf(res), positiveInt(req.params.id));
    confirmPage(res, 'token', `/admin/account/tokens/${token.id}/revoke`, token.name);
  });

  router.post('/admin/account/tokens/:id/revoke', requireOrganizer, async (req, res) => {
    await revokeApiToken(ctx, organizerOf(res), positiveInt(req.params.id));
    res.redirect(303, '/admin/account?ended=token');
  });

  return router;
}
