import { Router } from 'express';
import { invalid } from '../domain/errors.js';
import type { Quota } from '../domain/types.js';
import { resizeQuotaAs } from '../services/capacity.js';
import type { ServiceContext } from '../services/context.js';
import { registrantsForApi } from '../services/registrantLists.js';
import { exportReport, reportFor } from '../services/reports.js';
import { bearerAuth, organizerOf } from './admin/auth.js';
import { exportFormat, registrationList } from './admin/people.js';
import { programmeOr404 } from './admin/programme.js';
import { positiveInt, sendDownload } from './admin/render.js';
import { ReportQuery, SizeBody } from './admin/schemas.js';
import { langOf } from './i18n.js';
import { fieldErrors, queryOf } from './schemas.js';

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

  router.get('/api/v1/admin/events/:slug/report', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const { by, region, format, dialect } = queryOf(ReportQuery, req);
    const lang = langOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      sendDownload(
        res,
        await exportReport(ctx, organizer, programme, by, exportFormat(format, dialect), lang, region || undefined),
      );
      return;
    }
    const report = await reportFor(ctx, organizer, programme, by, lang, region || undefined);
    res.json({ by: report.by, rows: report.rows, totals: report.totals });
  });

  return router;
}
