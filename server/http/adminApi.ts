import { Router } from 'express';
import { invalid } from '../domain/errors.js';
import type { Quota } from '../domain/types.js';
import { resizeQuotaAs } from '../services/capacity.js';
import type { ServiceContext } from '../services/context.js';
import { registrantsForApi } from '../services/registrantLists.js';
import { bearerAuth, organizerOf } from './admin/auth.js';
import { registrationList } from './admin/people.js';
import { positiveInt } from './admin/render.js';
import { OrganizerRegistrationBody, RegistrantPatchBody, SizeBody } from './admin/schemas.js';
import { editRegistrant, organizerRegistration, registerByOrganizer } from '../services/registrantEdit.js';
import { langOf } from './i18n.js';
import { fieldErrors } from './schemas.js';

const quotaJson = (quota: Quota) => ({
  id: quota.id,
  name: quota.name,
  size: quota.size,
  left: quota.size - quota.used,
  sessionIds: quota.sessionIds,
});

/** Organizer API v1: every route needs `Authorization: Bearer <token>`. */
export function adminApiRouter(ctx: ServiceContext): Router {
  const router = Router();
  // Full paths on every route, so that a walk of the router table sees them as they are.
  router.use('/api/v1/admin', bearerAuth(ctx));

  router.patch('/api/v1/admin/quotas/:id', async (req, res) => {
    const id = positiveInt(req.params.id);
    const parsed = SizeBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const change = await resizeQuotaAs(ctx, organizerOf(res), id, parsed.data.size);
    res.json({ quota: quotaJson(change.quota), promoted: change.promoted.length });
  });

  router.get('/api/v1/admin/events/:slug/registrations', async (req, res) => {
    const list = await registrationList(ctx, req, res);
    if (!list) return;
    const { organizer, query, filter } = list;
    const page = await registrantsForApi(ctx, organizer, filter, query.page, langOf(req));
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });

  router.post('/api/v1/admin/events/:slug/registrations', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = OrganizerRegistrationBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const { consentSource, ...input } = parsed.data;
    const organizer = organizerOf(res);
    const made = await registerByOrganizer(ctx, organizer, String(req.params.slug), input, consentSource);
    res.status(201).json({ registration: await organizerRegistration(ctx, organizer, made.registration.id) });
  });

  router.patch('/api/v1/admin/registrations/:id', async (req, res) => {
    const id = positiveInt(req.params.id);
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = RegistrantPatchBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const organizer = organizerOf(res);
    await editRegistrant(ctx, organizer, id, parsed.data);
    res.json({ registration: await organizerRegistration(ctx, organizer, id) });
  });

  return router;
}
