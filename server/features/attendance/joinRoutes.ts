import { Router } from 'express';
import { followJoinLink } from './joinLinks.js';
import type { ServiceContext } from '../../context.js';
import { langOf } from '../../http/i18n.js';
import { NOINDEX } from '../../http/securityHeaders.js';

/**
 * Personal join links, `/j/:code`: a 303 to the meeting or stream inside the session's
 * window, otherwise a page that says why. Never cached, never indexed, and no Referer
 * carries the code onwards.
 */
export function joinRouter(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/j/:code', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', NOINDEX);
    const outcome = await followJoinLink(ctx, String(req.params.code));
    if (outcome.kind === 'redirect') {
      res.redirect(303, outcome.url);
      return;
    }
    const lang = langOf(req);
    const { decision, session, programme } = outcome;
    res.locals.noindex = true;
    res.status(decision.kind === 'unknown' ? 404 : 200).render('pages/join', {
      title: res.locals.t('pd.join.heading'),
      decision,
      session: session && {
        title: session.title[lang],
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      },
      event: programme && { slug: programme.event.slug, title: programme.event.title[lang] },
    });
  });
  return router;
}
