import { Router, type Response } from 'express';
import { DateTime } from 'luxon';
import { listEvents, listRegions, loadProgramme } from '../../db/programme.js';
import { AppError, type FieldErrors } from '../../domain/errors.js';
import { outerPools } from '../../domain/quotas.js';
import { ZONE } from '../../domain/time.js';
import type { EventStatus, Programme } from '../../domain/types.js';
import { changeCapacity } from '../../services/capacity.js';
import type { ServiceContext } from '../../services/context.js';
import { canActInRegion, type Organizer } from '../../domain/organizers.js';
import {
  createEvent,
  createQuota,
  createSession,
  setEventStatus,
  updateEvent,
  updateSession,
} from '../../services/programmeAdmin.js';
import { cancelSession } from '../../services/sessions.js';
import { langOf } from '../i18n.js';
import { organizerOf, requireAdmin } from './auth.js';
import { page, parseForm, positiveInt, withFormErrors } from './render.js';
import { EventForm, QuotaForm, SessionForm, SizeForm, toRigaInput } from './schemas.js';

export async function programmeOr404(ctx: ServiceContext, slug: string): Promise<Programme> {
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  return programme;
}

/**
 * Resizes a quota for an organizer: only within their regions (a quota belongs to the
 * regions of the sessions it covers). Shared by the back office and the organizer API.
 */
export async function resizeQuotaAs(ctx: ServiceContext, organizer: Organizer, quotaId: number, size: number) {
  const row = (await ctx.db
    .knex('quotas')
    .join('events', 'events.id', 'quotas.event_id')
    .where('quotas.id', quotaId)
    .first('events.slug')) as { slug: string } | undefined;
  if (!row) throw new AppError('not_found');
  const programme = await programmeOr404(ctx, row.slug);
  if (!quotaRegions(programme, quotaId).every((r) => canActInRegion(organizer, r))) throw new AppError('forbidden');
  return { slug: row.slug, ...(await changeCapacity(ctx, quotaId, size, organizer.email)) };
}

/** A quota belongs to the regions of the sessions it covers. */
export function quotaRegions(programme: Programme, quotaId: number): (string | null)[] {
  const quota = programme.quotas.find((q) => q.id === quotaId);
  return [
    ...new Set((quota?.sessionIds ?? []).map((id) => programme.sessions.find((s) => s.id === id)?.regionId ?? null)),
  ];
}

interface RegionStats {
  id: string;
  name: string;
  confirmed: number;
  size: number;
  waitlist: number;
}

async function eventStats(ctx: ServiceContext, programme: Programme, organizer: Organizer, lang: 'lv' | 'en') {
  const regions: RegionStats[] = [];
  for (const region of programme.regions.filter((r) => canActInRegion(organizer, r.id))) {
    const sessionIds = programme.sessions
      .filter((s) => s.regionId === region.id && s.kind !== 'plenary')
      .map((s) => s.id);
    const outer = outerPools(programme.quotas, sessionIds);
    const waiting = sessionIds.length
      ? ((await ctx.db
          .knex('seats')
          .whereIn('session_id', sessionIds)
          .andWhere('status', 'waitlisted')
          .count({ n: '*' })
          .first()) as { n: number })
      : { n: 0 };
    regions.push({
      id: region.id,
      name: region.name[lang],
      confirmed: outer.reduce((n, q) => n + q.used, 0),
      size: outer.reduce((n, q) => n + q.size, 0),
      waitlist: Number(waiting.n),
    });
  }
  const created = (await ctx.db
    .knex('registrations')
    .where('event_id', programme.event.id)
    .modify((q) => {
      if (organizer.role !== 'admin') void q.whereIn('region_id', organizer.regionIds);
    })
    .select('created_at')) as { created_at: string }[];
  const perDay = new Map<string, number>();
  for (const r of created) {
    const day = DateTime.fromISO(r.created_at, { zone: 'utc' }).setZone(ZONE).toISODate() ?? '';
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count }));
  return { regions, days };
}

export function programmeRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/admin', async (req, res) => {
    const organizer = organizerOf(res);
    const lang = langOf(req);
    const events = [];
    for (const e of await listEvents(ctx.db, { publishedOnly: false })) {
      const programme = await loadProgramme(ctx.db, { id: e.id });
      if (!programme) continue;
      events.push({ event: e, title: e.title[lang], ...(await eventStats(ctx, programme, organizer, lang)) });
    }
    const outbox = (await ctx.db.knex('outbox').groupBy('status').select('status').count({ n: '*' })) as {
      status: string;
      n: number;
    }[];
    page(res, 'dashboard', res.locals.t('admin.dashboard'), {
      events,
      outbox: Object.fromEntries(outbox.map((o) => [o.status, Number(o.n)])),
    });
  });

  const eventForm = (
    res: Response,
    values: Record<string, unknown>,
    errors: FieldErrors,
    action: string,
    status = 200,
  ) =>
    page(
      res,
      'event-form',
      res.locals.t(action === '/admin/events' ? 'admin.newEvent' : 'admin.edit'),
      { values, errors, action },
      status,
    );

  router.get('/admin/events/new', requireAdmin, (_req, res) => {
    eventForm(
      res,
      { kind: 'conference', reminderHours: 24, retentionDays: 365, joinLinkMinutes: 30 },
      {},
      '/admin/events',
    );
  });

  router.post('/admin/events', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const slug = await createEvent(ctx, organizerOf(res), parseForm(EventForm, req.body));
        res.redirect(303, `/admin/events/${slug}`);
      },
      (errors) => eventForm(res, req.body as Record<string, unknown>, errors, '/admin/events', 400),
    );
  });

  router.get('/admin/events/:slug', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const lang = langOf(req);
    const stats = await eventStats(ctx, programme, organizer, lang);
    const visible = (regionId: string | null) =>
      organizer.role === 'admin' || (regionId !== null && canActInRegion(organizer, regionId));
    page(res, 'event', programme.event.title[lang], {
      programme,
      sessions: programme.sessions.filter((s) => visible(s.regionId)),
      quotas: programme.quotas.filter((q) => quotaRegions(programme, q.id).every((r) => canActInRegion(organizer, r))),
      ...stats,
    });
  });

  router.get('/admin/events/:slug/edit', requireAdmin, async (req, res) => {
    const { event } = await programmeOr404(ctx, String(req.params.slug));
    eventForm(
      res,
      {
        slug: event.slug,
        kind: event.kind,
        titleLv: event.title.lv,
        titleEn: event.title.en,
        descriptionLv: event.description.lv,
        descriptionEn: event.description.en,
        opensAt: toRigaInput(event.registrationOpensAt),
        closesAt: toRigaInput(event.registrationClosesAt),
        reminderHours: event.reminderHours,
        joinLinkMinutes: event.joinLinkMinutes,
        retentionDays: (
          (await ctx.db.knex('events').where('id', event.id).first('retention_days')) as { retention_days: number }
        ).retention_days,
      },
      {},
      `/admin/events/${event.slug}/edit`,
    );
  });

  router.post('/admin/events/:slug/edit', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const slug = await updateEvent(ctx, organizerOf(res), String(req.params.slug), parseForm(EventForm, req.body));
        res.redirect(303, `/admin/events/${slug}`);
      },
      (errors) =>
        eventForm(
          res,
          req.body as Record<string, unknown>,
          errors,
          `/admin/events/${String(req.params.slug)}/edit`,
          400,
        ),
    );
  });

  router.post('/admin/events/:slug/status', requireAdmin, async (req, res) => {
    const status = String((req.body as Record<string, unknown>)?.status ?? '');
    if (!['draft', 'published', 'cancelled'].includes(status))
      throw new AppError('invalid_input', { status: 'invalid_choice' });
    await setEventStatus(ctx, organizerOf(res), String(req.params.slug), status as EventStatus);
    res.redirect(303, `/admin/events/${String(req.params.slug)}`);
  });

  const sessionForm = async (
    res: Response,
    slug: string,
    values: Record<string, unknown>,
    errors: FieldErrors,
    action: string,
    status = 200,
  ) =>
    page(
      res,
      'session-form',
      res.locals.t(action.endsWith('/sessions') ? 'admin.newSession' : 'admin.edit'),
      {
        slug,
        values,
        errors,
        action,
        regions: await listRegions(ctx.db.knex),
      },
      status,
    );

  router.get('/admin/events/:slug/sessions/new', requireAdmin, async (req, res) => {
    await programmeOr404(ctx, String(req.params.slug));
    await sessionForm(
      res,
      String(req.params.slug),
      { kind: 'workshop' },
      {},
      `/admin/events/${String(req.params.slug)}/sessions`,
    );
  });

  router.post('/admin/events/:slug/sessions', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        await createSession(ctx, organizerOf(res), String(req.params.slug), parseForm(SessionForm, req.body));
        res.redirect(303, `/admin/events/${String(req.params.slug)}`);
      },
      (errors) =>
        void sessionForm(
          res,
          String(req.params.slug),
          req.body as Record<string, unknown>,
          errors,
          `/admin/events/${String(req.params.slug)}/sessions`,
          400,
        ),
    );
  });

  async function sessionAndEvent(id: number) {
    const row = (await ctx.db
      .knex('sessions')
      .join('events', 'events.id', 'sessions.event_id')
      .where('sessions.id', id)
      .first('events.slug')) as { slug: string } | undefined;
    if (!row) throw new AppError('not_found');
    const programme = await programmeOr404(ctx, row.slug);
    const session = programme.sessions.find((s) => s.id === id);
    if (!session) throw new AppError('not_found');
    return { programme, session };
  }

  router.get('/admin/sessions/:id/edit', requireAdmin, async (req, res) => {
    const { programme, session } = await sessionAndEvent(positiveInt(req.params.id));
    await sessionForm(
      res,
      programme.event.slug,
      {
        kind: session.kind,
        regionId: session.regionId ?? '',
        titleLv: session.title.lv,
        titleEn: session.title.en,
        descriptionLv: session.description.lv,
        descriptionEn: session.description.en,
        startsAt: toRigaInput(session.startsAt),
        endsAt: toRigaInput(session.endsAt),
        streamUrl: session.streamUrl ?? '',
        joinUrl: session.joinUrl ?? '',
        place: session.place ?? '',
        address: session.address ?? '',
        speakersLv: session.speakers.lv,
        speakersEn: session.speakers.en,
        embedOrigins: session.embedOrigins.join(' '),
        audience: session.audience ?? '',
      },
      {},
      `/admin/sessions/${session.id}/edit`,
    );
  });

  router.post('/admin/sessions/:id/edit', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const { programme } = await sessionAndEvent(id);
    await withFormErrors(
      async () => {
        await updateSession(ctx, organizerOf(res), id, parseForm(SessionForm, req.body));
        res.redirect(303, `/admin/events/${programme.event.slug}`);
      },
      (errors) =>
        void sessionForm(
          res,
          programme.event.slug,
          req.body as Record<string, unknown>,
          errors,
          `/admin/sessions/${id}/edit`,
          400,
        ),
    );
  });

  router.post('/admin/sessions/:id/cancel', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const { programme } = await sessionAndEvent(id);
    await cancelSession(ctx, id, organizerOf(res).email);
    res.redirect(303, `/admin/events/${programme.event.slug}`);
  });

  const quotaForm = (
    res: Response,
    programme: Programme,
    values: Record<string, unknown>,
    errors: FieldErrors,
    status = 200,
  ) => page(res, 'quota-form', res.locals.t('admin.newQuota'), { programme, values, errors }, status);

  router.get('/admin/events/:slug/quotas/new', requireAdmin, async (req, res) => {
    quotaForm(res, await programmeOr404(ctx, String(req.params.slug)), { sessionIds: [] }, {});
  });

  router.post('/admin/events/:slug/quotas', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await withFormErrors(
      async () => {
        await createQuota(ctx, organizerOf(res), String(req.params.slug), parseForm(QuotaForm, req.body));
        res.redirect(303, `/admin/events/${String(req.params.slug)}`);
      },
      (errors) => quotaForm(res, programme, req.body as Record<string, unknown>, errors, 400),
    );
  });

  /** Capacity: a raise promotes at once and the page lists who got a place. */
  router.post('/admin/quotas/:id/size', async (req, res) => {
    const id = positiveInt(req.params.id);
    const { size } = parseForm(SizeForm, req.body);
    const change = await resizeQuotaAs(ctx, organizerOf(res), id, size);
    const row = { slug: change.slug };
    const promoted = change.promoted.length
      ? ((await ctx.db
          .knex('registrations')
          .whereIn(
            'id',
            change.promoted.map((p) => p.registrationId),
          )
          .select('id', 'name', 'email')) as { id: number; name: string; email: string }[])
      : [];
    const order = new Map(change.promoted.map((p, i) => [p.registrationId, i]));
    promoted.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    page(res, 'capacity', res.locals.t('admin.capacityChanged', { name: change.quota.name, size: change.quota.size }), {
      slug: row.slug,
      quota: change.quota,
      promoted,
    });
  });

  return router;
}
