import { Router } from 'express';
import type { ServiceContext } from '../../context.js';
import { cancelBurst, clientsOf, peopleOf } from './bursts.js';
import { eventBySlug } from '../organizers/index.js';
import { langOf } from '../../http/i18n.js';
import { organizerOf } from '../organizers/index.js';
import { page, redirectDone } from '../../http/admin/render.js';

/**
 * Registrations by client: who sent many, and a burst cancelled in one reviewed step
 * (services/bursts.ts). The review page is the first step; its form is the second.
 */
export function burstsRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/admin/events/:slug/clients', async (req, res) => {
    const { programme, rows } = await clientsOf(ctx, organizerOf(res), String(req.params.slug));
    page(res, 'clients', res.locals.t('admin.clients.heading', { event: programme.event.title[langOf(req)] }), {
      programme,
      rows,
    });
  });

  router.get('/admin/events/:slug/clients/:client', async (req, res) => {
    const programme = await eventBySlug(ctx, String(req.params.slug));
    const people = await peopleOf(ctx, organizerOf(res), programme, String(req.params.client));
    page(res, 'client', res.locals.t('admin.clients.review'), {
      programme,
      clientKey: String(req.params.client),
      people,
      active: people.filter((p) => p.status === 'active').length,
    });
  });

  router.post('/admin/events/:slug/clients/:client/cancel', async (req, res) => {
    const slug = String(req.params.slug);
    const n = await cancelBurst(ctx, organizerOf(res), slug, String(req.params.client));
    redirectDone(res, `/admin/events/${slug}/clients`, 'burstCancelled', n);
  });

  return router;
}
