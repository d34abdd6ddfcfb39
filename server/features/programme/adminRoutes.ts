import { Router, type Request, type Response } from 'express';
import { findEventIdOfSession, listRegions, loadProgramme, retentionDaysOf } from '../../db/programme.js';
import { AppError } from '../../domain/errors.js';
import { canActInRegion, canManageQuota, regionScope } from '../../domain/organizers.js';
import { holdCounts, type Promotion } from '../registration/index.js';
import { publishProblems } from '../../domain/quotas.js';
import type { Event, EventStatus, Programme, Session } from '../../domain/types.js';
import { promotedPeople, resizeQuotaAs } from './quotaSize.js';
import type { ServiceContext } from '../../context.js';
import { cloneEvent } from './eventClone.js';
import { dashboard, eventStats } from './eventOverview.js';
import {
  createEvent,
  createQuota,
  createSession,
  setEventStatus,
  updateEvent,
  updateSession,
} from './programmeAdmin.js';
import { cancelSession, restoreSession, sessionHeadcount } from './sessions.js';
import { langOf, sessionNamed } from '../../http/i18n.js';
import { organizerOf, quotaInScope, requireAdmin } from '../organizers/index.js';
import {
  formPage,
  formValues,
  page,
  parseForm,
  positiveInt,
  redirectDone,
  withFormErrors,
  type FormState,
} from '../../http/admin/render.js';
import {
  CancelSessionForm,
  CloneForm,
  EventForm,
  PlaceSettingsForm,
  QuotaForm,
  SessionForm,
  SizeForm,
  toRigaInput,
} from '../../http/admin/schemas.js';
import { changePlaceSettings } from './eventSettings.js';

export async function programmeOr404(ctx: ServiceContext, slug: string): Promise<Programme> {
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  return programme;
}

/** The event form's fields from an event as it is. */
function eventFormValues(event: Event, retentionDays: number | null): Record<string, unknown> {
  return {
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
    retentionDays,
    participantData: event.participantData ? 'on' : '',
  };
}

/** The session form's fields from a session as it is. */
function sessionFormValues(session: Session): Record<string, unknown> {
  return {
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
  };
}

/**
 * What the programme's pages need from the people's side, handed in by the composition
 * (registrants' changeNotices): the address after a change naming who got the freed places
 * and whom to phone, and the banner's lines for them.
 */
export interface ProgrammeNotices {
  afterChange(
    url: string,
    change: { promoted?: readonly Promotion[]; toCall: readonly { registrationId: number }[]; sessionId: number },
  ): Promise<string>;
  lines(req: Request, res: Response): Promise<unknown[]>;
}

const noNotices: ProgrammeNotices = { afterChange: (url) => Promise.resolve(url), lines: () => Promise.resolve([]) };

export function programmeRouter(ctx: ServiceContext, notices: ProgrammeNotices = noNotices): Router {
  const router = Router();

  router.get('/admin', async (req, res) => {
    page(res, 'dashboard', res.locals.t('admin.dashboard'), await dashboard(ctx, organizerOf(res), langOf(req)));
  });

  /** The event form: new when it posts to /admin/events, otherwise an edit. */
  const eventForm = (res: Response, form: FormState) =>
    formPage(res, 'event-form', res.locals.t(form.action === '/admin/events' ? 'admin.newEvent' : 'admin.edit'), form);

  router.get('/admin/events/new', requireAdmin, (_req, res) => {
    const values = { kind: 'conference', reminderHours: 24, retentionDays: 365, joinLinkMinutes: 30 };
    eventForm(res, { action: '/admin/events', values });
  });

  router.post('/admin/events', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const slug = await createEvent(ctx, organizerOf(res), parseForm(EventForm, req.body));
        redirectDone(res, `/admin/events/${slug}`, 'eventCreated');
      },
      (errors) => eventForm(res, { action: '/admin/events', values: formValues(req), errors, status: 400 }),
    );
  });

  /** Next year's edition: a copy with its dates moved (services/eventClone.ts). */
  const cloneForm = async (req: Request, res: Response, form: Omit<FormState, 'action'>) => {
    const { event } = await programmeOr404(ctx, String(req.params.slug));
    const title = res.locals.t('admin.cloneHeading', { event: event.title[langOf(req)] });
    formPage(res, 'event-clone', title, { ...form, action: `/admin/events/${event.slug}/clone` }, { source: event });
  };

  router.get('/admin/events/:slug/clone', requireAdmin, (req, res) => cloneForm(req, res, { values: {} }));

  router.post('/admin/events/:slug/clone', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const input = parseForm(CloneForm, req.body);
        const slug = await cloneEvent(ctx, organizerOf(res), String(req.params.slug), input);
        redirectDone(res, `/admin/events/${slug}`, 'eventCloned');
      },
      (errors) => cloneForm(req, res, { values: formValues(req), errors, status: 400 }),
    );
  });

  /** The event's page; after a refused publish, with what keeps it from being published. */
  const eventPage = async (req: Request, res: Response, refused = false) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const lang = langOf(req);
    const title = (id: number) => {
      const session = programme.sessions.find((s) => s.id === id);
      return session ? sessionNamed(req, session) : String(id);
    };
    const problems = refused
      ? publishProblems(programme).map((p) =>
          p.code === 'no_sessions'
            ? res.locals.t('admin.publish.noSessions')
            : p.code === 'not_one_session'
              ? res.locals.t('admin.publish.notOneSession', { count: p.count })
              : res.locals.t('admin.publish.withoutQuota', { session: title(p.sessionId) }),
        )
      : [];
    const data = {
      programme,
      publishProblems: problems,
      sessions: programme.sessions.filter((s) => canActInRegion(organizer, s.regionId)),
      quotas: programme.quotas.filter((q) => canManageQuota(organizer, programme, q.id)),
      ...(await eventStats(ctx, programme, organizer, lang)),
      holds: await holdCounts(ctx, programme.event.id, regionScope(organizer)),
    };
    res.locals.noticeMore = await notices.lines(req, res);
    page(res, 'event', programme.event.title[lang], data, refused ? 400 : 200);
  };

  router.get('/admin/events/:slug', (req, res) => eventPage(req, res));

  router.get('/admin/events/:slug/edit', requireAdmin, async (req, res) => {
    const { event } = await programmeOr404(ctx, String(req.params.slug));
    const values = eventFormValues(event, await retentionDaysOf(ctx.db.knex, event.id));
    eventForm(res, { action: `/admin/events/${event.slug}/edit`, values });
  });

  router.post('/admin/events/:slug/edit', requireAdmin, async (req, res) => {
    const action = `/admin/events/${String(req.params.slug)}/edit`;
    await withFormErrors(
      async () => {
        const slug = await updateEvent(ctx, organizerOf(res), String(req.params.slug), parseForm(EventForm, req.body));
        redirectDone(res, `/admin/events/${slug}`, 'eventSaved');
      },
      (errors) => eventForm(res, { action, values: formValues(req), errors, status: 400 }),
    );
  });

  router.post('/admin/events/:slug/status', requireAdmin, async (req, res) => {
    const status = String((req.body as Record<string, unknown>)?.status ?? '');
    if (!['draft', 'published', 'cancelled'].includes(status))
      throw new AppError('invalid_input', { status: 'invalid_choice' });
    await withFormErrors(
      async () => {
        await setEventStatus(ctx, organizerOf(res), String(req.params.slug), status as EventStatus);
        redirectDone(
          res,
          `/admin/events/${String(req.params.slug)}`,
          `event${status[0]?.toUpperCase()}${status.slice(1)}`,
        );
      },
      () => eventPage(req, res, true),
    );
  });

  /** The session form of an event: new when it posts to the event's sessions, otherwise an edit. */
  const sessionForm = async (res: Response, slug: string, form: FormState) => {
    const title = res.locals.t(form.action.endsWith('/sessions') ? 'admin.newSession' : 'admin.edit');
    formPage(res, 'session-form', title, form, { slug, regions: await listRegions(ctx.db.knex) });
  };

  router.get('/admin/events/:slug/sessions/new', requireAdmin, async (req, res) => {
    const { event } = await programmeOr404(ctx, String(req.params.slug));
    await sessionForm(res, event.slug, {
      action: `/admin/events/${event.slug}/sessions`,
      values: { kind: 'workshop' },
    });
  });

  router.post('/admin/events/:slug/sessions', requireAdmin, async (req, res) => {
    const slug = String(req.params.slug);
    await withFormErrors(
      async () => {
        await createSession(ctx, organizerOf(res), slug, parseForm(SessionForm, req.body));
        redirectDone(res, `/admin/events/${slug}`, 'sessionCreated');
      },
      (errors) =>
        sessionForm(res, slug, {
          action: `/admin/events/${slug}/sessions`,
          values: formValues(req),
          errors,
          status: 400,
        }),
    );
  });

  async function sessionAndEvent(id: number) {
    const eventId = await findEventIdOfSession(ctx.db.knex, id);
    const programme = eventId === null ? null : await loadProgramme(ctx.db, { id: eventId });
    const session = programme?.sessions.find((s) => s.id === id);
    if (!programme || !session) throw new AppError('not_found');
    return { programme, session };
  }

  router.get('/admin/sessions/:id/edit', requireAdmin, async (req, res) => {
    const { programme, session } = await sessionAndEvent(positiveInt(req.params.id));
    const action = `/admin/sessions/${session.id}/edit`;
    await sessionForm(res, programme.event.slug, { action, values: sessionFormValues(session) });
  });

  router.post('/admin/sessions/:id/edit', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const { programme } = await sessionAndEvent(id);
    await withFormErrors(
      async () => {
        const told = await updateSession(ctx, organizerOf(res), id, parseForm(SessionForm, req.body));
        const url = `/admin/events/${programme.event.slug}`;
        // Moved: the banner names whom no e-mail reached (registered by phone).
        redirectDone(res, await notices.afterChange(url, { toCall: told.toCall, sessionId: id }), 'sessionSaved');
      },
      (errors) =>
        sessionForm(res, programme.event.slug, {
          action: `/admin/sessions/${id}/edit`,
          values: formValues(req),
          errors,
          status: 400,
        }),
    );
  });

  /** The first step of cancelling a session: who will be told, and the message they get. */
  const cancelSessionForm = async (res: Response, id: number, form: Omit<FormState, 'action'>) => {
    const { programme, session } = await sessionAndEvent(id);
    if (session.status !== 'scheduled') throw new AppError('not_allowed');
    const title = res.locals.t('admin.cancelSessionHeading', { session: sessionNamed(res.req, session) });
    formPage(
      res,
      'session-cancel',
      title,
      { ...form, action: `/admin/sessions/${id}/cancel` },
      {
        programme,
        session,
        headcount: await sessionHeadcount(ctx, id),
      },
    );
  };

  router.get('/admin/sessions/:id/cancel', requireAdmin, async (req, res) => {
    await cancelSessionForm(res, positiveInt(req.params.id), { values: {} });
  });

  router.post('/admin/sessions/:id/cancel', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const { programme } = await sessionAndEvent(id);
    await withFormErrors(
      async () => {
        const { messageLv, messageEn } = parseForm(CancelSessionForm, req.body);
        const done = await cancelSession(ctx, id, organizerOf(res).email, { lv: messageLv, en: messageEn });
        const url = await notices.afterChange(`/admin/events/${programme.event.slug}`, { ...done, sessionId: id });
        redirectDone(res, url, 'sessionCancelled', done.notified);
      },
      (errors) => cancelSessionForm(res, id, { values: formValues(req), errors, status: 400 }),
    );
  });

  router.post('/admin/sessions/:id/restore', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const { programme } = await sessionAndEvent(id);
    await restoreSession(ctx, id, organizerOf(res).email);
    redirectDone(res, `/admin/events/${programme.event.slug}`, 'sessionRestored');
  });

  const quotaForm = (res: Response, programme: Programme, form: Omit<FormState, 'action'>) =>
    formPage(
      res,
      'quota-form',
      res.locals.t('admin.newQuota'),
      { ...form, action: `/admin/events/${programme.event.slug}/quotas` },
      { programme },
    );

  /** How the event treats its scarce places: address confirmation and waitlist offers. */
  const placesForm = (res: Response, programme: Programme, form: Omit<FormState, 'action'>) =>
    formPage(
      res,
      'places',
      res.locals.t('admin.places.heading', { event: programme.event.title[langOf(res.req)] }),
      { ...form, action: `/admin/events/${programme.event.slug}/places` },
      { event: programme.event, serverDefault: ctx.addressConfirmation },
    );

  router.get('/admin/events/:slug/places', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const { event } = programme;
    const values = {
      addressConfirmation: event.addressConfirmation === null ? 'server' : event.addressConfirmation ? 'on' : 'off',
      holdMinutes: event.holdMinutes,
      waitlistMode: event.waitlistMode,
      offerHours: event.offerHours,
    };
    placesForm(res, programme, { values });
  });

  router.post('/admin/events/:slug/places', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await withFormErrors(
      async () => {
        const form = parseForm(PlaceSettingsForm, req.body);
        await changePlaceSettings(ctx, organizerOf(res), programme.event.slug, {
          addressConfirmation: {
            enabled: form.addressConfirmation === 'server' ? null : form.addressConfirmation === 'on',
            holdMinutes: form.holdMinutes,
          },
          waitlist: { mode: form.waitlistMode, offerHours: form.offerHours },
        });
        redirectDone(res, `/admin/events/${programme.event.slug}`, 'placesSaved');
      },
      (errors) => placesForm(res, programme, { values: formValues(req), errors, status: 400 }),
    );
  });

  router.get('/admin/events/:slug/quotas/new', requireAdmin, async (req, res) => {
    quotaForm(res, await programmeOr404(ctx, String(req.params.slug)), { values: { sessionIds: [] } });
  });

  router.post('/admin/events/:slug/quotas', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await withFormErrors(
      async () => {
        await createQuota(ctx, organizerOf(res), programme.event.slug, parseForm(QuotaForm, req.body));
        redirectDone(res, `/admin/events/${programme.event.slug}`, 'quotaCreated');
      },
      (errors) => quotaForm(res, programme, { values: formValues(req), errors, status: 400 }),
    );
  });

  /** The size form of one quota; after a refused change, with the field marked and why. */
  const sizeForm = async (res: Response, quotaId: number, form: Omit<FormState, 'action'>) => {
    const programme = await quotaInScope(ctx, organizerOf(res), quotaId);
    const quota = programme.quotas.find((q) => q.id === quotaId);
    if (!quota) throw new AppError('not_found');
    res.locals.backTo = `/admin/events/${programme.event.slug}`;
    const title = res.locals.t('admin.resizeHeading', { name: quota.name });
    formPage(
      res,
      'quota-size',
      title,
      { ...form, action: `/admin/quotas/${quotaId}/size` },
      { quota, slug: programme.event.slug },
    );
  };

  router.get('/admin/quotas/:id/size', async (req, res) => {
    const id = positiveInt(req.params.id);
    const programme = await quotaInScope(ctx, organizerOf(res), id);
    await sizeForm(res, id, { values: { size: programme.quotas.find((q) => q.id === id)?.size } });
  });

  /** Capacity: a raise promotes at once and the page lists who got a place. */
  router.post('/admin/quotas/:id/size', async (req, res) => {
    const id = positiveInt(req.params.id);
    await withFormErrors(
      async () => {
        const { size } = parseForm(SizeForm, req.body);
        const change = await resizeQuotaAs(ctx, organizerOf(res), id, size);
        const { quota } = change;
        page(
          res,
          'capacity',
          res.locals.t('admin.capacityChanged', {
            name: langOf(req) === 'en' ? quota.nameEn : quota.name,
            size: quota.size,
          }),
          {
            slug: change.slug,
            quota,
            promoted: await promotedPeople(ctx, change.promoted),
          },
        );
      },
      (errors) => sizeForm(res, id, { values: formValues(req), errors, status: 400 }),
    );
  });

  return router;
}
