import { Router, type Request } from 'express';
import { googleCalendarUrl, outlookCalendarUrl } from '../calendar/ics.js';
import { AppError } from '../domain/errors.js';
import { registrationOpen } from '../domain/types.js';
import { Availability } from '../domain/availability.js';
import { joinLinkFrom, joinLinkVisible } from '../domain/stream.js';
import { coverageOf } from '../domain/types.js';
import type { ServiceContext } from '../services/context.js';
import {
  cancelRegistration,
  cancelSeat,
  choosableSessions,
  switchSeat,
  viewRegistration,
  type RegistrationView,
} from '../services/registrations.js';
import { langOf } from './i18n.js';
import { NO_GUARDS, type HttpGuards } from './guards.js';
import { SwitchBody } from './schemas.js';
import { eraseRegistration } from '../services/erasure.js';
import { rotateManageLink } from '../services/manageLink.js';
import { personalData } from '../services/personalData.js';

const DONE = ['cancelSeat', 'cancelAll', 'switch'] as const;

function seatId(req: Request): number {
  const id = Number(req.params.seatId);
  if (!Number.isInteger(id) || id <= 0) throw new AppError('not_found');
  return id;
}

/** What the manage page shows: each seat with its session, and where it may move. */
function manageVM(view: RegistrationView, lang: 'lv' | 'en', now: Date) {
  const { registration, programme, seats } = view;
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  const open = registrationOpen(programme.event, now) && registration.status === 'active';
  const held = new Set(seats.filter((s) => s.status !== 'cancelled').map((s) => s.sessionId));
  const choosable = choosableSessions(programme, registration.regionId);
  return {
    token: '',
    name: registration.name,
    email: registration.email,
    status: registration.status,
    event: { slug: programme.event.slug, title: programme.event.title[lang] },
    region: programme.regions.find((r) => r.id === registration.regionId)?.name[lang] ?? registration.regionId,
    open,
    seats: seats
      .filter((s) => s.status !== 'cancelled')
      .map((seat) => {
        const session = sessionOf.get(seat.sessionId);
        const alternatives =
          open && session && session.kind !== 'plenary'
            ? choosable
                .filter((c) => c.id !== session.id && !held.has(c.id) && c.startsAt === session.startsAt)
                .map((c) => ({ id: c.id, title: c.title[lang], available: availability.isAvailable(c.id) }))
            : [];
        const calendarEntry = session && {
          summary: session.title[lang],
          description: programme.event.title[lang],
          startsAt: session.startsAt,
          endsAt: session.endsAt,
        };
        const calendar =
          seat.status === 'confirmed' && calendarEntry
            ? {
                google: googleCalendarUrl(calendarEntry, programme.event.timezone),
                outlook: outlookCalendarUrl(calendarEntry),
              }
            : null;
        // A private join link only for a confirmed seat, and only from the event's set
        // time before the start; until then the page says when it will appear.
        const join =
          seat.status === 'confirmed' && registration.status === 'active' && session?.joinUrl
            ? joinLinkVisible(session, programme.event, now)
              ? { url: session.joinUrl, from: null }
              : { url: null, from: joinLinkFrom(session, programme.event) }
            : null;
        return {
          id: seat.id,
          status: seat.status,
          calendar,
          join,
          streamPath:
            session?.kind === 'plenary' && session.regionId
              ? `/events/${programme.event.slug}/live/${session.regionId}`
              : null,
          waitlistPosition: seat.waitlistPosition,
          kind: session?.kind ?? 'workshop',
          title: session?.title[lang] ?? '',
          startsAt: session?.startsAt ?? '',
          endsAt: session?.endsAt ?? '',
          cancellable: open && session?.kind !== 'plenary',
          alternatives,
        };
      }),
  };
}

export function participantRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): Router {
  const router = Router();
  router.use('/r/:token', guards.csrf);

  router.get('/r/:token', async (req, res) => {
    const view = await viewRegistration(ctx, req.params.token);
    const done = DONE.find((d) => d === req.query.done);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.render('pages/manage', {
      title: res.locals.t('manage.heading'),
      m: {
        ...manageVM(view, langOf(req), ctx.clock()),
        token: req.params.token,
        webcalUrl: `${ctx.baseUrl.replace(/^https?:/, 'webcal:')}/r/${req.params.token}/calendar.ics`,
      },
      welcome: req.query.welcome === '1',
      done,
    });
  });

  router.post('/r/:token/cancel', async (req, res) => {
    await cancelRegistration(ctx, req.params.token);
    res.redirect(303, `/r/${req.params.token}?done=cancelAll`);
  });

  router.post('/r/:token/seats/:seatId/cancel', async (req, res) => {
    await cancelSeat(ctx, req.params.token, seatId(req));
    res.redirect(303, `/r/${req.params.token}?done=cancelSeat`);
  });

  router.post('/r/:token/seats/:seatId/switch', async (req, res) => {
    const body = SwitchBody.safeParse({ sessionId: (req.body as Record<string, unknown> | undefined)?.sessionId });
    if (!body.success) throw new AppError('invalid_input');
    await switchSeat(ctx, req.params.token, seatId(req), body.data.sessionId);
    res.redirect(303, `/r/${req.params.token}?done=switch`);
  });

  router.get('/r/:token/data.json', async (req, res) => {
    const data = await personalData(ctx, req.params.token);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="my-registration.json"');
    res.json(data);
  });

  router.post('/r/:token/new-link', guards.linkLimit, async (req, res) => {
    const view = await viewRegistration(ctx, String(req.params.token));
    await rotateManageLink(ctx, view.registration.id, 'asked');
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('privacy.newLinkSent'),
    });
  });

  router.post('/r/:token/delete', async (req, res) => {
    await eraseRegistration(ctx, req.params.token);
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('privacy.deleted'),
    });
  });

  return router;
}
