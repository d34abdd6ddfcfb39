import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { cancelBurst, clientsOf, peopleOf } from '../../services/bursts.js';
import { eventBySlug } from '../../services/organizerScope.js';
import { langOf } from '../i18n.js';
import { organizerOf } from './auth.js';
import { page, redirectDone } from './render.js';

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
