import { Router, type Request, type Response } from 'express';
import { listMunicipalities } from '../../db/programme.js';
import { countRegistrants, listRegistrants, type RegistrantFilter } from '../../db/registrants.js';
import { findRegistrationById, seatsOf } from '../../db/registrations.js';
import { AppError } from '../../domain/errors.js';
import { ROLES, coverageOf, type Programme } from '../../domain/types.js';
import { translator } from '../../i18n/index.js';
import { recipientCount, sendAnnouncement } from '../../services/announcements.js';
import { attendees, importAttendance, markAttendance } from '../../services/attendance.js';
import type { ServiceContext } from '../../services/context.js';
import { registrantTable, toCsv, toXlsx } from '../../services/exports.js';
import { audit } from '../../services/audit.js';
import { canActInRegion, type Organizer } from '../../domain/organizers.js';
import { withPositions } from '../../db/waitlistPositions.js';
import {
  cancelByOrganizer,
  moveByOrganizer,
  promoteByOrganizer,
  registrationInScope,
  resendConfirmation,
} from '../../services/registrantActions.js';
import { REPORT_DIMENSIONS, report, type ReportDimension } from '../../services/reports.js';
import { langOf } from '../i18n.js';
import { organizerOf } from './auth.js';
import { programmeOr404 } from './programme.js';
import { page, parseForm, positiveInt } from './render.js';
import { AnnouncementForm, RegistrantQuery } from './schemas.js';

export const PAGE_SIZE = 50;

/** The organizer's filter, narrowed to their regions; a region outside them is refused. */
export function filterFor(
  organizer: Organizer,
  programme: Programme,
  query: ReturnType<typeof RegistrantQuery.parse>,
): RegistrantFilter {
  if (query.region && !canActInRegion(organizer, query.region)) throw new AppError('forbidden');
  return {
    eventId: programme.event.id,
    scope: organizer.role === 'admin' ? undefined : organizer.regionIds,
    region: query.region || undefined,
    sessionId: query.session,
    status: query.status,
    municipality: query.municipality || undefined,
    role: query.role || undefined,
    q: query.q?.trim() || undefined,
  };
}

/** Sends a filtered list as CSV or XLSX (audited: exports carry personal data). */
export async function sendExport(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  programme: Programme,
  filter: RegistrantFilter,
  format: 'csv' | 'xlsx',
): Promise<void> {
  const organizer = organizerOf(res);
  const lang = langOf(req);
  const t = translator(lang);
  const rows = await listRegistrants(ctx.db.knex, filter, { limit: 100_000, offset: 0 }, lang);
  const regionName = (id: string) => programme.regions.find((r) => r.id === id)?.name[lang] ?? id;
  const table = registrantTable(rows, t, lang, regionName);
  await audit(
    ctx.db.knex,
    {
      actor: organizer.email,
      action: `export.${format}`,
      targetType: 'event',
      targetId: programme.event.id,
      after: { filter: { ...filter, scope: undefined }, rows: rows.length },
    },
    ctx.clock(),
  );
  const name = `${programme.event.slug}-registrations.${format}`;
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').send(toCsv(table));
  } else {
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await toXlsx(table, programme.event.slug));
  }
}

/**
 * The registration list of an event as an organizer asked for it (filters from the query,
 * narrowed to their regions). A CSV or XLSX request is answered here, returning null.
 */
export async function registrationList(ctx: ServiceContext, req: Request, res: Response) {
  const programme = await programmeOr404(ctx, String(req.params.slug));
  const organizer = organizerOf(res);
  const query = RegistrantQuery.parse(req.query);
  const filter = filterFor(organizer, programme, query);
  if (query.format === 'csv' || query.format === 'xlsx') {
    await sendExport(ctx, req, res, programme, filter, query.format);
    return null;
  }
  return { programme, organizer, query, filter };
}

export function peopleRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/admin/events/:slug/registrations', async (req, res) => {
    const list = await registrationList(ctx, req, res);
    if (!list) return;
    const { programme, organizer, query, filter } = list;
    const lang = langOf(req);
    const total = await countRegistrants(ctx.db.knex, filter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const current = Math.min(query.page, pages);
    const rows = await listRegistrants(
      ctx.db.knex,
      filter,
      { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE },
      lang,
    );
    await audit(
      ctx.db.knex,
      {
        actor: organizer.email,
        action: 'registrations.view',
        targetType: 'event',
        targetId: programme.event.id,
        after: { filter: { ...filter, scope: undefined }, page: current },
      },
      ctx.clock(),
    );
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([k, v]) => k !== 'page' && k !== 'format' && v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    res.setHeader('Cache-Control', 'no-store');
    page(res, 'registrants', `${res.locals.t('admin.registrants')}: ${programme.event.title[lang]}`, {
      programme,
      regions: programme.regions.filter((r) => canActInRegion(organizer, r.id)),
      sessions: programme.sessions.filter(
        (s) => s.kind !== 'plenary' && (s.regionId === null || canActInRegion(organizer, s.regionId)),
      ),
      municipalities: await listMunicipalities(ctx.db),
      roles: ROLES,
      query,
      rows,
      total,
      page: current,
      pages,
      qs: params.toString(),
    });
  });

  router.get('/admin/registrations/:id', async (req, res) => {
    const organizer = organizerOf(res);
    const { registration, programme } = await registrationInScope(ctx, organizer, positiveInt(req.params.id));
    const seats = await withPositions(
      ctx.db.knex,
      await seatsOf(ctx.db.knex, registration.id),
      coverageOf(programme.quotas),
    );
    const history = (await ctx.db
      .knex('audit_log')
      .where((q) => {
        void q.where({ target_type: 'registration', target_id: String(registration.id) }).orWhere((w) => {
          void w.where('target_type', 'seat').whereIn(
            'target_id',
            seats.map((s) => String(s.id)),
          );
        });
      })
      .orderBy('id')) as Record<string, string>[];
    const messages = (await ctx.db
      .knex('outbox')
      .where('registration_id', registration.id)
      .orderBy('id')
      .select('id', 'kind', 'status', 'created_at', 'sent_at', 'attempts', 'last_error')) as Record<string, string>[];
    await audit(
      ctx.db.knex,
      { actor: organizer.email, action: 'registration.view', targetType: 'registration', targetId: registration.id },
      ctx.clock(),
    );
    res.setHeader('Cache-Control', 'no-store');
    page(res, 'registrant', registration.name, { registration, programme, seats, history, messages });
  });

  router.post('/admin/registrations/:id/cancel', async (req, res) => {
    const id = positiveInt(req.params.id);
    await cancelByOrganizer(ctx, organizerOf(res), id);
    res.redirect(303, `/admin/registrations/${id}`);
  });

  router.post('/admin/registrations/:id/resend', async (req, res) => {
    const id = positiveInt(req.params.id);
    await resendConfirmation(ctx, organizerOf(res), id);
    res.redirect(303, `/admin/registrations/${id}`);
  });

  const registrationOfSeat = async (seatId: number) => {
    const seat = (await ctx.db.knex('seats').where('id', seatId).first('registration_id')) as
      { registration_id: number } | undefined;
    if (!seat) throw new AppError('not_found');
    return Number(seat.registration_id);
  };

  router.post('/admin/seats/:id/promote', async (req, res) => {
    const seatId = positiveInt(req.params.id);
    await promoteByOrganizer(ctx, organizerOf(res), seatId);
    res.redirect(303, `/admin/registrations/${await registrationOfSeat(seatId)}`);
  });

  router.post('/admin/seats/:id/move', async (req, res) => {
    const seatId = positiveInt(req.params.id);
    const to = positiveInt((req.body as Record<string, unknown>)?.sessionId);
    await moveByOrganizer(ctx, organizerOf(res), seatId, to);
    res.redirect(303, `/admin/registrations/${await registrationOfSeat(seatId)}`);
  });

  router.get('/admin/sessions/:id/waitlist', async (req, res) => {
    const id = positiveInt(req.params.id);
    const session = (await ctx.db.knex('sessions').where('id', id).first('event_id', 'region_id')) as
      { event_id: number; region_id: string | null } | undefined;
    if (!session) throw new AppError('not_found');
    if (!canActInRegion(organizerOf(res), session.region_id)) throw new AppError('forbidden');
    const programme = await programmeOr404(
      ctx,
      ((await ctx.db.knex('events').where('id', session.event_id).first('slug')) as { slug: string }).slug,
    );
    const seats = (await ctx.db.knex('seats').where({ session_id: id, status: 'waitlisted' }).orderBy('id')) as Record<
      string,
      unknown
    >[];
    const views = await withPositions(
      ctx.db.knex,
      seats.map((s) => ({
        id: Number(s.id),
        registrationId: Number(s.registration_id),
        sessionId: id,
        status: 'waitlisted' as const,
        createdAt: String(s.created_at),
        confirmedAt: null,
        cancelledAt: null,
      })),
      coverageOf(programme.quotas),
    );
    const people = new Map<number, { name: string; email: string; institution: string }>();
    for (const v of views) {
      const r = await findRegistrationById(ctx.db.knex, v.registrationId);
      if (r) people.set(v.registrationId, { name: r.name, email: r.email, institution: r.institution });
    }
    const lang = langOf(req);
    const s = programme.sessions.find((x) => x.id === id);
    page(res, 'waitlist', res.locals.t('admin.waitlistOf', { session: s?.title[lang] ?? '' }), {
      programme,
      views,
      people,
    });
  });

  router.get('/admin/events/:slug/announce', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    page(res, 'announce', res.locals.t('admin.announceHeading'), { programme, values: {}, count: null });
  });

  router.post('/admin/events/:slug/announce', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const form = parseForm(AnnouncementForm, req.body);
    const filter = filterFor(organizer, programme, {
      ...RegistrantQuery.parse({}),
      region: form.region || undefined,
      session: form.session,
      status: form.status ?? 'active',
    });
    const values = req.body as Record<string, unknown>;
    if (form.action === 'send') {
      try {
        const sent = await sendAnnouncement(ctx, organizer, filter, { subject: form.subject, text: form.text });
        page(res, 'announce', res.locals.t('admin.announceHeading'), { programme, values: {}, count: null, sent });
      } catch (err) {
        if (err instanceof AppError && err.fields) {
          page(
            res,
            'announce',
            res.locals.t('admin.announceHeading'),
            { programme, values, errors: err.fields, count: await recipientCount(ctx, filter) },
            400,
          );
          return;
        }
        throw err;
      }
      return;
    }
    page(res, 'announce', res.locals.t('admin.announceHeading'), {
      programme,
      values,
      count: await recipientCount(ctx, filter),
      preview: form,
    });
  });

  router.get('/admin/sessions/:id/attendance', async (req, res) => {
    const { session, rows } = await attendees(ctx, organizerOf(res), positiveInt(req.params.id));
    const title = langOf(req) === 'en' ? session.title_en : session.title_lv;
    page(res, 'attendance', res.locals.t('admin.attendanceOf', { session: title }), { session, rows, imported: null });
  });

  router.post('/admin/sessions/:id/attendance', async (req, res) => {
    const id = positiveInt(req.params.id);
    const raw = (req.body as Record<string, unknown>)?.present;
    const present = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
    await markAttendance(ctx, organizerOf(res), id, present);
    res.redirect(303, `/admin/sessions/${id}/attendance`);
  });

  router.post('/admin/sessions/:id/attendance/import', async (req, res) => {
    const id = positiveInt(req.params.id);
    const csv = String((req.body as Record<string, unknown>)?.csv ?? '').slice(0, 200_000);
    const imported = await importAttendance(ctx, organizerOf(res), id, csv);
    const { session, rows } = await attendees(ctx, organizerOf(res), id);
    const title = langOf(req) === 'en' ? session.title_en : session.title_lv;
    page(res, 'attendance', res.locals.t('admin.attendanceOf', { session: title }), { session, rows, imported });
  });

  router.get('/admin/events/:slug/report', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const by = (REPORT_DIMENSIONS as readonly string[]).includes(String(req.query.by))
      ? (String(req.query.by) as ReportDimension)
      : 'region';
    const lang = langOf(req);
    const rows = await report(
      ctx.db.knex,
      programme.event.id,
      by,
      lang,
      organizer.role === 'admin' ? undefined : organizer.regionIds,
    );
    if (req.query.format === 'csv') {
      const t = translator(lang);
      await audit(
        ctx.db.knex,
        {
          actor: organizer.email,
          action: 'export.report',
          targetType: 'event',
          targetId: programme.event.id,
          after: { by },
        },
        ctx.clock(),
      );
      res.setHeader('Content-Disposition', `attachment; filename="${programme.event.slug}-report-${by}.csv"`);
      res.type('text/csv; charset=utf-8').send(
        toCsv({
          headers: [t(`admin.dim.${by}`), t('admin.registered'), t('admin.confirmed'), t('admin.attended')],
          rows: rows.map((r) => [r.label, r.registered, r.confirmed, r.attended]),
        }),
      );
      return;
    }
    page(res, 'report', res.locals.t('admin.report'), { programme, rows, by, dimensions: REPORT_DIMENSIONS });
  });

  return router;
}
