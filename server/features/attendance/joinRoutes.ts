import { Router } from 'express';
import { followJoinLink } from './joinLinks.js';
import type { ServiceContext } from '../../context.js';
import { langOf } from '../../http/i18n.js';
import { NOINDEX } from '../../http/securityHeaders.js';
import type { Session } from '../../domain/types.js';
import type { MessageKey } from '../../i18n/index.js';

/**
 * Where a join link that does not lead to the session leads on, so nobody stands at a dead
 * end: a cancelled place to the event to register again; an ended or not yet open plenary
 * to its region's stream page; anything else to the event's programme.
 */
function nextStep(
  kind: string,
  slug: string,
  session: Pick<Session, 'kind' | 'regionId'>,
): { href: string; label: MessageKey } | null {
  if (kind === 'cancelled') return { href: `/events/${slug}`, label: 'pd.join.next.register' };
  if (session.kind === 'plenary' && session.regionId && (kind === 'ended' || kind === 'early'))
    return { href: `/events/${slug}/live/${session.regionId}`, label: 'pd.join.next.stream' };
  return { href: `/events/${slug}`, label: 'pd.join.next.event' };
}

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
      next: programme && session ? nextStep(decision.kind, programme.event.slug, session) : null,
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
