import { Router } from 'express';
import { checkUnsubscribeCode, stopAnnouncements } from './announcements.js';
import type { ServiceContext } from '../../context.js';
import { privatePage } from '../../http/securityHeaders.js';

/**
 * The List-Unsubscribe address of announcements (RFC 8058). A mail provider's one-click
 * POST stops announcements at once; opening the address shows a page with the button (a
 * GET never changes anything, since link scanners open every link). The code in the
 * address is signed, so it needs no CSRF token.
 */
export function unsubscribeRouter(ctx: ServiceContext): Router {
  const router = Router();
  router.use('/u/:code', privatePage);

  router.get('/u/:code', (req, res) => {
    checkUnsubscribeCode(ctx, req.params.code);
    res.render('pages/unsubscribe', { title: res.locals.t('unsubscribe.heading'), code: req.params.code, done: false });
  });

  router.post('/u/:code', async (req, res) => {
    await stopAnnouncements(ctx, req.params.code);
    res.render('pages/unsubscribe', { title: res.locals.t('unsubscribe.heading'), code: req.params.code, done: true });
  });

  return router;
}
