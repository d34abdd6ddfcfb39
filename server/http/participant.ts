import { Router, type Request } from 'express';
import { AppError } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { cancelRegistration, cancelSeat, switchSeat, viewRegistration } from '../services/registrations.js';
import { langOf, languageChosen, useLanguage } from './i18n.js';
import { NO_GUARDS, type HttpGuards } from './guards.js';
import { manageVM } from './manageViewModel.js';
import { ManageQuery, queryOf, SwitchBody } from './schemas.js';
import { NOINDEX } from './securityHeaders.js';
import { eraseRegistration } from '../services/erasure.js';
import { rotateManageLink } from '../services/manageLink.js';
import { personalData } from '../services/personalData.js';

const DONE = ['cancelSeat', 'cancelAll', 'switch'] as const;

function seatId(req: Request): number {
  const id = Number(req.params.seatId);
  if (!Number.isInteger(id) || id <= 0) throw new AppError('not_found');
  return id;
}

export function participantRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): Router {
  const router = Router();
  // A manage page shows a name and an e-mail address: no search engine keeps any of it.
  router.use('/r/:token', (_req, res, next) => {
    res.setHeader('X-Robots-Tag', NOINDEX);
    res.locals.noindex = true;
    next();
  });
  router.use('/r/:token', guards.csrf);

  router.get('/r/:token', async (req, res) => {
    const query = queryOf(ManageQuery, req);
    const view = await viewRegistration(ctx, req.params.token);
    // A link without ?lang= (an older e-mail) opens in the person's language unless the visitor chose one.
    if (!languageChosen(req)) useLanguage(req, res, view.registration.language);
    const done = DONE.find((d) => d === query.done);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.render('pages/manage', {
      title: res.locals.t('manage.heading'),
      m: {
        ...manageVM(view, langOf(req), ctx.clock()),
        token: req.params.token,
        webcalUrl: `${ctx.baseUrl.replace(/^https?:/, 'webcal:')}/r/${req.params.token}/calendar.ics`,
      },
      welcome: query.welcome === '1',
      done,
    });
  });

  router.post('/r/:token/cancel', async (req, res) => {
    await cancelRegistration(ctx, req.params.token);
    res.redirect(303, `/r/${req.params.token}?done=cancelAll`);
  });

  router.post('/r/:token/seats/:seatId/cancel', async (req, res) => {
    await cancelSeat(ctx, req.params.token, seatId(req));
    res.redirect(303, `/r/${req.params.token}?done=cancelSeat`);
  });

  router.post('/r/:token/seats/:seatId/switch', async (req, res) => {
    const body = SwitchBody.safeParse({ sessionId: (req.body as Record<string, unknown> | undefined)?.sessionId });
    if (!body.success) throw new AppError('invalid_input');
    await switchSeat(ctx, req.params.token, seatId(req), body.data.sessionId);
    res.redirect(303, `/r/${req.params.token}?done=switch`);
  });

  router.get('/r/:token/data.json', async (req, res) => {
    const data = await personalData(ctx, req.params.token);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="my-registration.json"');
    res.json(data);
  });

  router.post('/r/:token/new-link', guards.linkLimit, async (req, res) => {
    const view = await viewRegistration(ctx, String(req.params.token));
    await rotateManageLink(ctx, view.registration.id, 'asked');
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('privacy.newLinkSent'),
    });
  });

  router.post('/r/:token/delete', async (req, res) => {
    await eraseRegistration(ctx, req.params.token);
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('privacy.deleted'),
    });
  });

  return router;
}
