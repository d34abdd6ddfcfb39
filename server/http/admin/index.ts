import { Router, type Request } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { csrfProtection } from '../csrf.js';
import { noticeOf } from './notice.js';
import { accountRouter } from './account.js';
import { certificatesRouter } from './certificates.js';
import { loadOrganizer, requireOrganizer, SESSION_COOKIE } from './auth.js';
import { peopleRouter } from './people.js';
import { burstsRouter } from './bursts.js';
import { registrantFixesRouter } from './registrantFixes.js';
import { privacyRouter } from './privacy.js';
import { programmeRouter } from './programme.js';
import { questionsRouter } from './questions.js';
import { systemRouter, type SystemOptions } from './system.js';

/**
 * The back office under /admin. Every route but the login page needs a signed-in
 * organizer; every form is CSRF-protected; role and region checks live in the routes.
 */
export function adminRouter(ctx: ServiceContext, options: SystemOptions): Router {
  const router = Router();
  // The back office's form tokens are bound to the session cookie: a token from another
  // session (or from before signing in) is refused.
  const sessionOf = (req: Request): string => (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE] ?? '';
  router.use('/admin', csrfProtection(ctx.secret, ctx.baseUrl.startsWith('https:'), { sessionOf }));
  router.use('/admin', loadOrganizer(ctx));
  router.use('/admin', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.locals.admin = true;
    next();
  });
  router.use(accountRouter(ctx));
  router.use('/admin', requireOrganizer);
  router.use('/admin', noticeOf);
  router.use(programmeRouter(ctx));
  router.use(questionsRouter(ctx));
  router.use(registrantFixesRouter(ctx));
  router.use(peopleRouter(ctx));
  router.use(burstsRouter(ctx));
  router.use(certificatesRouter(ctx));
  router.use(systemRouter(ctx, options));
  router.use(privacyRouter(ctx));
  return router;
}
