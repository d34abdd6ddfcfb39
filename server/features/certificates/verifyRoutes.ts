import { Router, type RequestHandler } from 'express';
import { verifyCertificate } from './access.js';
import type { ServiceContext } from '../../context.js';
import { NOINDEX } from '../../http/securityHeaders.js';

/**
 * `/verify/:code`: anyone holding a certificate's code (its QR code) sees whether it is
 * valid, revoked or replaced, its number, whose it is, for which event, on which days, how
 * many hours and when it was issued, and nothing else (no e-mail address). Rate-limited per client address; never indexed or kept.
 */
export function verifyRouter(ctx: ServiceContext, limit: RequestHandler): Router {
  const router = Router();
  router.get('/verify/:code', limit, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', NOINDEX);
    res.locals.noindex = true;
    const found = await verifyCertificate(ctx, String(req.params.code));
    res.status(found ? 200 : 404).render('pages/verify', {
      title: res.locals.t('pd.verify.heading'),
      found,
    });
  });
  return router;
}
