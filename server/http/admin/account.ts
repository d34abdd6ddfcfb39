import { Router, type Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { ServiceContext } from '../../services/context.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/apiTokens.js';
import { changePassword } from '../../services/organizerAccounts.js';
import { logout, SESSION_TTL_MS } from '../../services/organizerSessions.js';
import { login } from '../../services/signIn.js';
import { SESSION_COOKIE, organizerOf, requireOrganizer } from './auth.js';
import { page, positiveInt, withFormErrors } from './render.js';

/** Only a path inside the back office may be a place to return to after login. */
const safeNext = (v: unknown): string =>
  typeof v === 'string' && /^\/admin(\/[\w\-./?=&%]*)?$/.test(v) ? v : '/admin';

/** The login form's fields, cut to their longest sensible length. */
function loginForm(body: unknown): { email: string; password: string; next: string } {
  const form = (body ?? {}) as Record<string, unknown>;
  return {
    email: typeof form.email === 'string' ? form.email.slice(0, 254) : '',
    password: typeof form.password === 'string' ? form.password.slice(0, 200) : '',
    next: safeNext(form.next),
  };
}

export function accountRouter(ctx: ServiceContext): Router {
  const router = Router();
  const secure = ctx.baseUrl.startsWith('https:');
  const sessionCookie = { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_MS, path: '/' } as const;
  const loginPage = (res: Response, next: string, extra: Record<string, unknown> = {}, status = 200) =>
    page(res, 'login', res.locals.t('admin.loginHeading'), { next, ...extra }, status);

  router.get('/admin/login', (req, res) => {
    if (res.locals.organizer) {
      res.redirect(303, safeNext(req.query.next));
      return;
    }
    loginPage(res, safeNext(req.query.next));
  });

  router.post('/admin/login', async (req, res) => {
    const { email, password, next } = loginForm(req.body);
    try {
      const { sessionToken } = await login(ctx, email, password, req.ip ?? 'unknown');
      res.cookie(SESSION_COOKIE, sessionToken, sessionCookie);
      res.redirect(303, next);
    } catch (err) {
      if (err instanceof AppError && err.code === 'unauthorized') {
        loginPage(res, next, { values: { email }, errors: err.fields ?? {} }, 401);
        return;
      }
      throw err;
    }
  });

  router.post('/admin/logout', requireOrganizer, async (req, res) => {
    const token = (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE] ?? '';
    await logout(ctx, token, organizerOf(res));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/admin/login');
  });

  const accountPage = async (res: Response, extra: Record<string, unknown> = {}, status = 200) => {
    const organizer = organizerOf(res);
    page(
      res,
      'account',
      res.locals.t('admin.account'),
      { tokens: await listApiTokens(ctx, organizer.id), ...extra },
      status,
    );
  };

  router.get('/admin/account', requireOrganizer, async (_req, res) => {
    await accountPage(res);
  });

  router.post('/admin/account/password', requireOrganizer, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    await withFormErrors(
      async () => {
        await changePassword(ctx, organizerOf(res), String(body.current ?? ''), String(body.password ?? ''));
        await accountPage(res, { done: true });
      },
      (errors) => void accountPage(res, { errors }, 400),
    );
  });

  router.post('/admin/account/tokens', requireOrganizer, async (req, res) => {
    const organizer = organizerOf(res);
    const name = String((req.body as Record<string, unknown>)?.name ?? '').slice(0, 100);
    const token = await createApiToken(ctx, organizer.id, name, organizer.email);
    res.setHeader('Cache-Control', 'no-store');
    await accountPage(res, { newToken: token });
  });

  router.post('/admin/account/tokens/:id/revoke', requireOrganizer, async (req, res) => {
    await revokeApiToken(ctx, organizerOf(res), positiveInt(req.params.id));
    res.redirect(303, '/admin/account');
  });

  return router;
}
