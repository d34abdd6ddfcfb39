import { Router } from 'express';
import type { ServiceContext } from '../../context.js';
import { page, sendDownload, withFormErrors } from '../../http/admin/render.js';
import { ProgrammeReportQuery } from '../../http/admin/schemas.js';
import { langOf } from '../../http/i18n.js';
import { queryOf } from '../../http/schemas.js';
import { organizerOf } from '../organizers/index.js';
import { exportFormat } from './adminRoutes.js';
import { exportProgrammeReport, periodText, programmeReport } from './programmeReport.js';

/** The whole programme's report in the back office: the tables, and their downloads. */
export function programmeReportRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/admin/reports/programme', async (req, res) => {
    const organizer = organizerOf(res);
    const lang = langOf(req);
    const title = res.locals.t('programme.heading') as string;
    res.setHeader('Cache-Control', 'no-store');
    // A period that is not one is shown in its fields, marked, with no figures under it.
    const typed = (name: 'from' | 'to') => String(req.query[name] ?? '').slice(0, 20);
    await withFormErrors(
      async () => {
        const { from, to, format, dialect, table } = queryOf(ProgrammeReportQuery, req);
        const period = { from, to };
        if (format === 'csv' || format === 'xlsx') {
          const as = exportFormat(format, dialect);
          sendDownload(res, await exportProgrammeReport(ctx, organizer, period, as, table, lang));
          return;
        }
        const report = await programmeReport(ctx, organizer, period, lang);
        const qs = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
        page(res, 'programme-report', title, {
          report,
          period: periodText(report, lang),
          from: from ?? '',
          to: to ?? '',
          qs: qs ? `${qs}&` : '',
        });
      },
      (errors) =>
        page(res, 'programme-report', title, { report: null, errors, from: typed('from'), to: typed('to') }, 400),
    );
  });

  return router;
}
