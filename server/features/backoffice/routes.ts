import { Router, type Request } from 'express';
import type { ServiceContext } from '../../context.js';
import { csrfProtection } from '../../http/csrf.js';
import { noticeOf } from '../../http/admin/notice.js';
import { accountRouter } from '../organizers/index.js';
import { certificatesRouter } from '../certificates/index.js';
import { loadOrganizer, requireOrganizer, SESSION_COOKIE } from '../organizers/index.js';
import { peopleRouter } from '../registrants/index.js';
import { burstsRouter } from '../registrants/index.js';
import { registrantFixesRouter } from '../registrants/index.js';
import { programmeReportRouter } from '../registrants/index.js';
import { changeNotices } from '../registrants/index.js';
import { privacyRouter } from '../privacy/index.js';
import { programmeRouter } from '../programme/index.js';
import { questionsRouter } from '../programme/index.js';
import { programmeCloneRouter } from '../programme/index.js';
import { systemRouter, type SystemOptions } from './systemRoutes.js';
import { reportUploadForm } from '../attendance/index.js';

/**
 * The back office under /admin. Every route but the login page needs a signed-in
 * organizer; every form is CSRF-protected; role and region checks live in the routes.
 */
export function adminRouter(ctx: ServiceContext, options: SystemOptions): Router {
  const router = Router();
  // The back office's form tokens are bound to the session cookie: a token from another
  // session (or from before signing in) is refused.
  const sessionOf = (req: Request): string => (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE] ?? '';
  // The meeting report's upload is a file form: read before the CSRF check reads its token.
  router.use('/admin/sessions/:id/attendance/report', reportUploadForm);
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
  router.use(programmeRouter(ctx, changeNotices(ctx)));
  router.use(questionsRouter(ctx));
  router.use(programmeCloneRouter(ctx));
  router.use(registrantFixesRouter(ctx));
  router.use(peopleRouter(ctx));
  router.use(burstsRouter(ctx));
  router.use(programmeReportRouter(ctx));
  router.use(certificatesRouter(ctx));
  router.use(systemRouter(ctx, options));
  router.use(privacyRouter(ctx));
  return router;
}
