import { Router, type Request, type Response } from 'express';
import { formatHours } from '../../domain/certificates.js';
import type { CertificateSettings } from '../../domain/certificates.js';
import { AppError, invalid } from '../../domain/errors.js';
import type { Programme } from '../../domain/types.js';
import { certificatePdfFor } from './access.js';
import type { PdfFile } from '../../documents/certificate.js';
import {
  certificateOf,
  eligiblePeople,
  eventCertificates,
  issueCertificatesTo,
  issuePlan,
  type SkippedPerson,
  reissueCertificate,
  revokeCertificate,
} from './issue.js';
import { previewCertificate, saveCertificateSetup, sessionHours, settingsOf } from './settings.js';
import type { ServiceContext } from '../../context.js';
import { langOf } from '../../http/i18n.js';
import { errorMessage } from '../../http/errors.js';
import { LangQuery, queryOf } from '../../http/schemas.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import {
  CertificateSettingsForm,
  CertificatesQuery,
  RevokeForm,
  sessionHoursOf,
  type CertificatesDone,
} from '../../http/admin/pdSchemas.js';
import { programmeOr404 } from '../programme/index.js';
import { page, parseForm, positiveInt, withFormErrors } from '../../http/admin/render.js';

/** The settings form's fields from the settings and hours as they are. */
function settingsValues(s: CertificateSettings, hours: Map<number, number>, lang: 'lv' | 'en') {
  return {
    enabled: s.enabled,
    issuerLv: s.issuer.lv,
    issuerEn: s.issuer.en,
    signatoryName: s.signatoryName,
    signatoryTitleLv: s.signatoryTitle.lv,
    signatoryTitleEn: s.signatoryTitle.en,
    approvalNumber: s.approvalNumber ?? '',
    approvalDate: s.approvalDate ?? '',
    approvalAuthorityLv: s.approvalAuthority.lv,
    approvalAuthorityEn: s.approvalAuthority.en,
    numberPrefix: s.numberPrefix,
    rule: s.rule,
    minHours: formatHours(s.minHoursTenths, lang),
    attendanceThresholdPercent: String(s.attendanceThresholdPercent),
    plenaryAttendance: s.plenaryAttendance,
    ...Object.fromEntries([...hours].map(([id, tenths]) => [`hours-${id}`, formatHours(tenths, lang)])),
  };
}

const sendPdf = (res: Response, file: PdfFile, download = false) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${file.filename}"`);
  res.type('application/pdf').send(file.body);
};

/** Certificates of an event in the back office (admins): settings and hours, preview, issue, revoke, reissue. */
export function certificatesRouter(ctx: ServiceContext): Router {
  const router = Router();

  const certificatesPage = async (
    res: Response,
    programme: Programme,
    form: {
      values?: Record<string, unknown>;
      errors?: Record<string, string>;
      status?: number;
      done?: CertificatesDone;
      /** Why issuing was refused (nothing has ended yet), shown above the form. */
      refused?: string;
      /** After issuing: who got none, and why. */
      skipped?: SkippedPerson[];
    } = {},
  ) => {
    const lang = res.locals.lang as 'lv' | 'en';
    const settings = await settingsOf(ctx, programme);
    const hours = await sessionHours(ctx, programme.event.id);
    const { eligible } = await eligiblePeople(ctx, programme, settings);
    const certificates = await eventCertificates(ctx, organizerOf(res), programme);
    const current = new Set(certificates.filter((c) => c.status !== 'replaced').map((c) => c.registrationId));
    page(
      res,
      'certificates',
      res.locals.t('pd.admin.heading', { event: programme.event.title[lang] }),
      {
        programme,
        sessions: programme.sessions.filter((s) => s.status === 'scheduled'),
        settings,
        values: form.values ?? settingsValues(settings, hours, lang),
        errors: form.errors ?? {},
        toIssue: eligible.filter((e) => !current.has(e.registrationId)).length,
        certificates,
        done: form.done ?? null,
        refused: form.refused ?? null,
        skipped: form.skipped ?? [],
      },
      form.status ?? 200,
    );
  };

  router.get('/admin/events/:slug/certificates', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await certificatesPage(res, programme, { done: queryOf(CertificatesQuery, req) });
  });

  router.post('/admin/events/:slug/certificates/settings', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const values = (req.body ?? {}) as Record<string, unknown>;
    await withFormErrors(
      async () => {
        const { hours, errors } = sessionHoursOf(req.body);
        const form = parseForm(CertificateSettingsForm, req.body);
        if (Object.keys(errors).length > 0) throw invalid(errors);
        await saveCertificateSetup(
          ctx,
          organizerOf(res),
          programme.event.slug,
          {
            enabled: form.enabled,
            issuer: { lv: form.issuerLv, en: form.issuerEn },
            signatoryName: form.signatoryName,
            signatoryTitle: { lv: form.signatoryTitleLv, en: form.signatoryTitleEn },
            approvalNumber: form.approvalNumber,
            approvalDate: form.approvalDate,
            approvalAuthority: { lv: form.approvalAuthorityLv, en: form.approvalAuthorityEn },
            numberPrefix: form.numberPrefix,
            rule: form.rule,
            minHoursTenths: form.minHours,
            attendanceThresholdPercent: form.attendanceThresholdPercent,
            plenaryAttendance: form.plenaryAttendance,
          },
          hours,
        );
        res.redirect(303, `/admin/events/${programme.event.slug}/certificates?done=saved`);
      },
      (errors) => certificatesPage(res, programme, { values, errors, status: 400 }),
    );
  });

  router.get('/admin/events/:slug/certificates/preview.pdf', requireAdmin, async (req, res) => {
    const lang = queryOf(LangQuery, req).lang ?? langOf(req);
    sendPdf(res, await previewCertificate(ctx, organizerOf(res), String(req.params.slug), lang));
  });

  /** Runs an issuing step; a refusal (certificates off, nothing ended) shows the certificates page with it. */
  const orIssueRefused = async (req: Request, res: Response, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      if (!(err instanceof AppError && err.reason)) throw err;
      await certificatesPage(res, await programmeOr404(ctx, String(req.params.slug)), {
        refused: errorMessage(err, req),
        status: err.status,
      });
    }
  };

  /** The first step of issuing: who will get a certificate and who will not, and why. Changes nothing. */
  const issueConfirm = async (req: Request, res: Response) => {
    const { programme, toIssue, skipped } = await issuePlan(ctx, organizerOf(res), String(req.params.slug));
    const lang = res.locals.lang as 'lv' | 'en';
    page(res, 'certificates-issue', res.locals.t('pd.admin.issueConfirmHeading'), {
      event: programme.event,
      eventTitle: programme.event.title[lang],
      toIssue,
      skipped,
    });
  };

  router.get('/admin/events/:slug/certificates/issue', requireAdmin, async (req, res) => {
    await orIssueRefused(req, res, () => issueConfirm(req, res));
  });

  router.post('/admin/events/:slug/certificates/issue', requireAdmin, async (req, res) => {
    const slug = String(req.params.slug);
    await orIssueRefused(req, res, async () => {
      if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
        await issueConfirm(req, res);
        return;
      }
      const { issued, skipped } = await issueCertificatesTo(ctx, organizerOf(res), slug);
      await certificatesPage(res, await programmeOr404(ctx, slug), {
        done: { done: 'issued', issued, skipped: skipped.length },
        skipped,
      });
    });
  });

  router.get('/admin/certificates/:id/pdf', requireAdmin, async (req, res) => {
    sendPdf(res, await certificatePdfFor(ctx, organizerOf(res), positiveInt(req.params.id)));
  });

  // Revoking takes two steps: this page asks for the reason, its form revokes.
  router.get('/admin/certificates/:id/revoke', requireAdmin, async (req, res) => {
    const { certificate, slug } = await certificateOf(ctx, organizerOf(res), positiveInt(req.params.id));
    page(res, 'revoke-certificate', res.locals.t('pd.admin.revokeHeading', { number: certificate.numberText }), {
      certificate,
      slug,
    });
  });

  router.post('/admin/certificates/:id/revoke', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    await withFormErrors(
      async () => {
        const { reason } = parseForm(RevokeForm, req.body);
        const { slug } = await revokeCertificate(ctx, organizerOf(res), id, reason);
        res.redirect(303, `/admin/events/${slug}/certificates?done=revoked`);
      },
      async (errors) => {
        const { certificate, slug } = await certificateOf(ctx, organizerOf(res), id);
        const title = res.locals.t('pd.admin.revokeHeading', { number: certificate.numberText });
        page(res, 'revoke-certificate', title, { certificate, slug, errors, values: req.body ?? {} }, 400);
      },
    );
  });

  router.post('/admin/certificates/:id/reissue', requireAdmin, async (req, res) => {
    const { slug } = await reissueCertificate(ctx, organizerOf(res), positiveInt(req.params.id));
    res.redirect(303, `/admin/events/${slug}/certificates?done=reissued`);
  });

  return router;
}
