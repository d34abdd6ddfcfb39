import { Router } from 'express';
import { invalid } from '../../domain/errors.js';
import type { Quota } from '../../domain/types.js';
import { resizeQuotaAs } from '../programme/index.js';
import type { ServiceContext } from '../../context.js';
import { registrantsForApi } from '../registrants/index.js';
import { countsAsked, exportReport, exportSessionReport, questionCounts, reportFor } from '../registrants/index.js';
import { exportProgrammeReport, programmeReport, programmeReportJson, sessionReport } from '../registrants/index.js';
import { exportParticipantsReport, participantsReport } from '../registrants/index.js';
import { bearerAuth, organizerOf } from '../organizers/index.js';
import {
  OrganizerRegistrationBody,
  PlaceSettingsBody,
  RegistrantPatchBody,
  ProgrammeReportQuery,
  ParticipantsReportQuery,
  ReportQuery,
  SizeBody,
} from '../../http/admin/schemas.js';
import { changePlaceSettings } from '../programme/index.js';
import { programmeCloneApiRouter } from '../programme/index.js';
import { editRegistrant, organizerRegistration, registerByOrganizer } from '../registrants/index.js';
import {
  AttendanceBody,
  CertificateSettingsBody,
  SessionMovesBody,
  SessionTimesBody,
} from '../../http/admin/pdSchemas.js';
import { applyAttendanceReport, markAttendedByEmail, reportBody, reportBytes } from '../attendance/index.js';
import { issueCertificates, putCertificateSettings } from '../certificates/index.js';
import { moveSessionAs, moveSessionsAs } from '../programme/index.js';
import { isoInZone } from '../../domain/time.js';
import { exportFormat, registrationList } from '../registrants/index.js';
import { programmeOr404 } from '../programme/index.js';
import { positiveInt, sendDownload } from '../../http/admin/render.js';
import { langOf } from '../../http/i18n.js';
import { fieldErrors, queryOf } from '../../http/schemas.js';

const quotaJson = (quota: Quota) => ({
  id: quota.id,
  name: quota.name,
  nameEn: quota.nameEn,
  size: quota.size,
  left: quota.size - quota.used,
  sessionIds: quota.sessionIds,
});

/** Organizer API v1: every route needs `Authorization: Bearer <token>`. */
export function adminApiRouter(ctx: ServiceContext): Router {
  const router = Router();
  // Full paths on every route, so that a walk of the router table sees them as they are.
  router.use('/api/v1/admin', bearerAuth(ctx));
  router.use(programmeCloneApiRouter(ctx));

  router.patch('/api/v1/admin/quotas/:id', async (req, res) => {
    const id = positiveInt(req.params.id);
    const parsed = SizeBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const change = await resizeQuotaAs(ctx, organizerOf(res), id, parsed.data.size);
    res.json({ quota: quotaJson(change.quota), promoted: change.promoted.length });
  });

  router.patch('/api/v1/admin/events/:slug', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = PlaceSettingsBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const settings = await changePlaceSettings(ctx, organizerOf(res), String(req.params.slug), parsed.data);
    res.json({ event: { slug: String(req.params.slug), ...settings } });
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

  router.post('/api/v1/admin/events/:slug/attendance', async (req, res) => {
    const parsed = AttendanceBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const { sessionId, emails } = parsed.data;
    const result = await markAttendedByEmail(ctx, organizerOf(res), sessionId, emails, 'api', programme.event.id);
    res.json({ marked: result.matched, unknown: result.unknown });
  });

  // The meeting's own report (Zoom participants CSV, Teams attendance report) as the body.
  router.post('/api/v1/admin/sessions/:id/attendance-report', reportBody, async (req, res) => {
    const id = positiveInt(req.params.id);
    res.json(await applyAttendanceReport(ctx, organizerOf(res), id, reportBytes(req)));
  });

  router.patch('/api/v1/admin/sessions/:id', async (req, res) => {
    const id = positiveInt(req.params.id);
    const parsed = SessionTimesBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const moved = await moveSessionAs(ctx, organizerOf(res), id, parsed.data);
    const tz = moved.timezone;
    res.json({
      session: { id, startsAt: isoInZone(moved.session.startsAt, tz), endsAt: isoInZone(moved.session.endsAt, tz) },
      notified: moved.notified,
      toCall: moved.toCall,
    });
  });

  // Several sessions in one change (a regional day moved): one message per person, naming all.
  router.post('/api/v1/admin/events/:slug/sessions/moves', async (req, res) => {
    const parsed = SessionMovesBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const { moves, messageLv, messageEn } = parsed.data;
    const moved = await moveSessionsAs(ctx, organizerOf(res), String(req.params.slug), moves, {
      lv: messageLv,
      en: messageEn || messageLv,
    });
    const tz = moved.timezone;
    res.json({
      sessions: moved.sessions.map((s) => ({
        id: s.id,
        startsAt: isoInZone(s.startsAt, tz),
        endsAt: isoInZone(s.endsAt, tz),
      })),
      notified: moved.notified,
      toCall: moved.toCall,
    });
  });

  router.post('/api/v1/admin/events/:slug/certificates', async (req, res) => {
    if (req.body !== undefined && Object.keys(req.body as object).length > 0) throw invalid({ _: 'invalid' });
    res.json(await issueCertificates(ctx, organizerOf(res), String(req.params.slug)));
  });

  // The back office's certificate settings form, whole: what was stored comes back.
  router.put('/api/v1/admin/events/:slug/certificate-settings', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = CertificateSettingsBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error, { dotted: true }));
    const settings = await putCertificateSettings(ctx, organizerOf(res), String(req.params.slug), parsed.data);
    res.json({ settings });
  });

  router.get('/api/v1/admin/events/:slug/report', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const { by, region, format, dialect, columns, table } = queryOf(ReportQuery, req);
    const counts = countsAsked(columns);
    const lang = langOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      const as = exportFormat(format, dialect);
      sendDownload(
        res,
        table === 'sessions'
          ? await exportSessionReport(ctx, organizer, programme, as, lang, region || undefined)
          : await exportReport(ctx, organizer, programme, by, as, lang, region || undefined, counts),
      );
      return;
    }
    // JSON always carries every count (software picks); `columns` shapes the downloads.
    const report = await reportFor(ctx, organizer, programme, by, lang, region || undefined);
    const questions = await questionCounts(ctx, organizer, programme, lang, region || undefined);
    const sessions = (await sessionReport(ctx, organizer, programme, lang, region || undefined)).map((s) => ({
      ...s,
      startsAt: isoInZone(s.startsAt, programme.event.timezone),
    }));
    res.json({ by: report.by, rows: report.rows, totals: report.totals, sessions, questions });
  });

  router.get('/api/v1/admin/reports/programme', async (req, res) => {
    const { from, to, format, dialect, table } = queryOf(ProgrammeReportQuery, req);
    const organizer = organizerOf(res);
    const lang = langOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      const as = exportFormat(format, dialect);
      sendDownload(res, await exportProgrammeReport(ctx, organizer, { from, to }, as, table, lang));
      return;
    }
    res.json(programmeReportJson(await programmeReport(ctx, organizer, { from, to }, lang)));
  });

  // ESF+ participants across the events that ask for their data (admins only).
  router.get('/api/v1/admin/reports/participants', async (req, res) => {
    const { format, dialect } = queryOf(ParticipantsReportQuery, req);
    const lang = langOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      sendDownload(res, await exportParticipantsReport(ctx, organizerOf(res), exportFormat(format, dialect), lang));
      return;
    }
    res.json(await participantsReport(ctx, organizerOf(res), lang));
  });

  return router;
}
