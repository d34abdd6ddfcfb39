import { Router } from 'express';
import { countRegistrants, listRegistrants } from '../db/registrants.js';
import { AppError, invalid } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { bearerAuth, organizerOf } from './admin/auth.js';
import { registrationList } from './admin/people.js';
import { resizeQuotaAs } from './admin/programme.js';
import { langOf } from './i18n.js';
import { audit } from '../services/audit.js';
import { fieldErrors } from './schemas.js';
import { SizeBody } from './admin/schemas.js';

/** Organizer API v1: every route needs `Authorization: Bearer <token>`. */
export function adminApiRouter(ctx: ServiceContext): Router {
  const router = Router();
  // Full paths on every route, so that a walk of the router table sees them as they are.
  router.use('/api/v1/admin', bearerAuth(ctx));

  router.patch('/api/v1/admin/quotas/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new AppError('not_found');
    const parsed = SizeBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const change = await resizeQuotaAs(ctx, organizerOf(res), id, parsed.data.size);
    res.json({
      quota: {
        id: change.quota.id,
        name: change.quota.name,
        size: change.quota.size,
        left: change.quota.size - change.quota.used,
        sessionIds: change.quota.sessionIds,
      },
      promoted: change.promoted.length,
    });
  });

  router.get('/api/v1/admin/events/:slug/registrations', async (req, res) => {
    const list = await registrationList(ctx, req, res);
    if (!list) return;
    const { programme, organizer, query, filter } = list;
    const limit = 500;
    const total = await countRegistrants(ctx.db.knex, filter);
    const rows = await listRegistrants(ctx.db.knex, filter, { limit, offset: (query.page - 1) * limit }, langOf(req));
    await audit(
      ctx.db.knex,
      {
        actor: organizer.email,
        action: 'api.registrations.list',
        targetType: 'event',
        targetId: programme.event.id,
        after: { filter: { ...filter, scope: undefined } },
      },
      ctx.clock(),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ total, page: query.page, pageSize: limit, registrations: rows });
  });

  return router;
}
