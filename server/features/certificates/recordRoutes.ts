import { Router, type Response } from 'express';
import type { ServiceContext } from '../../context.js';
import { NO_GUARDS, type HttpGuards } from '../../http/guards.js';
import { langOf } from '../../http/i18n.js';
import { NOINDEX } from '../../http/securityHeaders.js';
import { positiveInt, sendDownload } from '../../http/admin/render.js';
import { fieldErrors, LostLinkBody } from '../../http/schemas.js';
import { recordByToken, recordCertificatePdf, recordCsv, recordPdf, requestRecord } from './record.js';

/**
 * `/certificates`: a teacher asks for the list of their certificates by e-mail address,
 * and opens it from the link mailed to that address (`/certificates/:token`, a week),
 * with the list as a PDF and a CSV table. The request page says the same for any address.
 */
export function recordRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): Router {
  const router = Router();
  router.use('/certificates', guards.csrf);
  // The list shows a name and an address: never indexed, cached or sent on as a referrer.
  router.use('/certificates/:token', (_req, res, next) => {
    res.setHeader('X-Robots-Tag', NOINDEX);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.locals.noindex = true;
    next();
  });

  const form = (res: Response, data: { sent: boolean; errors?: Record<string, string>; email?: string }) =>
    res.render('pages/pd-record', {
      title: res.locals.t(data.sent ? 'record.sentHeading' : 'record.heading'),
      sent: data.sent,
      errors: data.errors ?? {},
      values: { email: data.email ?? '' },
    });

  router.get('/certificates', (_req, res) => {
    form(res, { sent: false });
  });

  router.post('/certificates', guards.linkLimit, async (req, res) => {
    const email = (req.body as Record<string, unknown> | undefined)?.email;
    const parsed = LostLinkBody.safeParse({ email });
    if (!parsed.success) {
      form(res.status(400), {
        sent: false,
        errors: fieldErrors(parsed.error),
        email: typeof email === 'string' ? email : '',
      });
      return;
    }
    await requestRecord(ctx, parsed.data.email, langOf(req));
    form(res, { sent: true });
  });

  router.get('/certificates/:token', async (req, res) => {
    const found = await recordByToken(ctx, req.params.token, langOf(req));
    if (found.state !== 'open') {
      res.status(found.state === 'expired' ? 410 : 404).render('pages/pd-record-expired', {
        title: res.locals.t('record.expiredHeading'),
      });
      return;
    }
    res.render('pages/pd-record-list', {
      title: res.locals.t('record.listHeading'),
      record: found.record,
      token: req.params.token,
    });
  });

  router.get('/certificates/:token/list.csv', async (req, res) => {
    sendDownload(res, await recordCsv(ctx, req.params.token, langOf(req)));
  });

  router.get('/certificates/:token/list.pdf', async (req, res) => {
    sendDownload(res, await recordPdf(ctx, req.params.token, langOf(req)));
  });

  router.get('/certificates/:token/:id.pdf', async (req, res) => {
    const file = await recordCertificatePdf(ctx, req.params.token, positiveInt(req.params.id));
    sendDownload(res, { ...file, contentType: 'application/pdf' });
  });

  return router;
}
