import { Router } from 'express';
import { loadProgramme } from '../../db/programme.js';
import { AppError } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { allowFrames } from '../../http/csp.js';
import { langOf, tOf } from '../../http/i18n.js';
import { plenaryOf, streamPageVM } from './streamViewModel.js';

/** The open stream page of a region's plenary: no registration, no cookie, no private link. */
export function streamsRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/events/:slug/live/:regionId', async (req, res) => {
    const programme = await loadProgramme(ctx.db, { slug: req.params.slug });
    if (!programme || programme.event.status !== 'published') throw new AppError('not_found');
    const plenary = plenaryOf(programme, req.params.regionId);
    if (!plenary) throw new AppError('not_found');
    const now = ctx.clock();
    const live = streamPageVM(programme, plenary, langOf(req), now, tOf(req));
    if (live.player) allowFrames(res, [live.player.origin]);
    // The state changes with the clock; a short shared cache still spares the database
    // when a whole region opens the page at ten o'clock.
    res.setHeader('Cache-Control', 'public, max-age=30');
    res.setHeader('Vary', 'Cookie');
    res.render('pages/live', { title: `${live.title} — ${live.eventTitle}`, live });
  });

  return router;
}
