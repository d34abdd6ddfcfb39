import { Router, type Request, type Response } from 'express';
import { JSON_TYPE, writeJson } from '../../http/send.js';
import { listEvents, listRegions, loadProgramme } from '../../db/programme.js';
import { matchesFilters, type EventFilters } from '../../domain/eventFilters.js';
import { Availability } from '../../domain/availability.js';
import { AppError, invalid } from '../../domain/errors.js';
import { isoInZone, type Lang } from '../../domain/time.js';
import { coverageOf, registrationOpen, type Programme } from '../../domain/types.js';
import { manageUrl, type ServiceContext } from '../../context.js';
import {
  cancelRegistration,
  requestRegistration,
  viewRegistration,
  type PendingAnswer,
  type RegistrationView,
} from './register.js';
import { clientHash } from '../../security/clients.js';
import { itemOf } from '../../domain/items.js';
import { acceptOffer, declineOffer } from './offers.js';
import { askAddress, needsAddress, type AddressAction } from './addressActions.js';
import { NO_GUARDS, type HttpGuards } from '../../http/guards.js';
import { langOf } from '../../http/i18n.js';
import { AddItemBody, AnswersBody, fieldErrors, RegistrationBody } from '../../http/schemas.js';
import { changeAnswers } from './answers.js';
import { addSeatByToken } from './addSeat.js';
import { openApiDocument } from '../../http/openapi.js';
import { cachedBody, sendPublic, type CachedBody } from '../../http/cachedBody.js';
import { ProgrammeMemo, quotaStateKey } from './programmeMemo.js';
import { verifyUrlOf } from '../../documents/certificate.js';
import type { Certificate } from '../../db/certificates.js';
import { certificatesOf } from './certificates.js';
import { EventListQuery } from '../../http/apiSchemas.js';
import type { AnswerValue, Answers } from '../../domain/questions.js';
import { questionVMs } from './eventViewModels.js';

/** The public Event shape of API v1 (described by the OpenAPI document, /api/v1/openapi.json). */
export function eventJson(programme: Programme, lang: Lang, now: Date) {
  const { event } = programme;
  const tz = event.timezone;
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  return {
    slug: event.slug,
    title: event.title[lang],
    kind: event.kind,
    timezone: tz,
    registration: {
      opensAt: isoInZone(event.registrationOpensAt, tz),
      closesAt: isoInZone(event.registrationClosesAt, tz),
      open: registrationOpen(event, now),
    },
    regions: programme.regions.map((r) => ({ id: r.id, name: r.name[lang] })),
    sessions: programme.sessions
      .filter((s) => s.status === 'scheduled')
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        title: s.title[lang],
        regionId: s.regionId,
        startsAt: isoInZone(s.startsAt, tz),
        endsAt: isoInZone(s.endsAt, tz),
        capacityLeft: availability.left(s.id),
        // Public facts only: never joinUrl (docs/ARCHITECTURE.md, rule 7).
        audience: s.audience,
        place: s.place,
        address: s.address,
        streamPagePath: s.kind === 'plenary' && s.regionId ? `/events/${event.slug}/live/${s.regionId}` : null,
      })),
    quotas: programme.quotas.map((q) => ({
      id: q.id,
      name: q.name,
      nameEn: q.nameEn,
      size: q.size,
      left: Math.max(0, q.size - q.used),
      sessionIds: q.sessionIds,
    })),
    // The questions asked now, as the form asks them (retired options are not offered).
    questions: questionVMs(programme.questions, lang).map((q) => ({
      id: q.id,
      type: q.type,
      required: q.required,
      label: q.label,
      help: q.help,
      options: q.options.map((o) => ({ key: o.key, label: o.label })),
      min: q.min,
      max: q.max,
    })),
    participantData: event.participantData,
  };
}

/** Answers by question id, as the API takes them (Answers in schemas.ts). */
const answersJson = (answers: Answers): Record<string, AnswerValue> =>
  Object.fromEntries([...answers].sort(([a], [b]) => a - b).map(([id, value]) => [String(id), value]));

export function registrationJson(
  ctx: ServiceContext,
  view: Pick<RegistrationView, 'registration' | 'seats' | 'answers' | 'programme'>,
  token: string,
  certificates: readonly Certificate[] = [],
) {
  const { registration, seats, answers } = view;
  const tz = view.programme.event.timezone;
  return {
    id: registration.id,
    status: registration.status,
    regionId: registration.regionId,
    email: registration.email,
    items: seats.map((s) => itemOf(s, tz)),
    answers: answersJson(answers),
    manageUrl: manageUrl(ctx, token),
    certificates: certificates.map((c) => ({
      number: c.numberText,
      hours: c.hoursTenths / 10,
      status: c.status,
      pdfUrl: `${manageUrl(ctx, token)}/certificates/${c.id}/pdf`,
      verifyUrl: verifyUrlOf(ctx.baseUrl, c.verifyCode),
    })),
  };
}

/**
 * What a requester is told of a registration that waits for its address: the same for a
 * new address and a registered one (PendingRegistration in apiSchemas.ts).
 */
export function pendingJson(answer: PendingAnswer, tz: string) {
  return {
    id: null,
    status: 'active' as const,
    regionId: answer.regionId,
    email: answer.email,
    items: answer.items.map((i) => ({
      sessionId: i.sessionId,
      status: i.status,
      waitlistPosition: i.waitlistPosition,
      holdExpiresAt: i.holdExpiresAt ? isoInZone(i.holdExpiresAt, tz) : null,
      offerExpiresAt: null,
    })),
    manageUrl: null,
    confirmation: { sentTo: answer.email, confirmBy: answer.confirmBy ? isoInZone(answer.confirmBy, tz) : null },
  };
}

/** A registration from a parsed JSON body: the body of the 201 answer, or an AppError. */
export async function registrationFromJson(ctx: ServiceContext, slug: string, body: unknown, client: string | null) {
  const parsed = RegistrationBody.safeParse(body);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  const result = await requestRegistration(ctx, slug, parsed.data, { client });
  if (result.kind === 'pending') {
    const programme = await loadProgramme(ctx.db, { slug });
    return { registration: pendingJson(result.answer, programme?.event.timezone ?? 'Europe/Riga') };
  }
  return { registration: registrationJson(ctx, result, result.token) };
}

/** The event list's filters from a query; a value that names nothing is a 400 with field errors. */
async function eventListFilters(ctx: ServiceContext, query: unknown): Promise<EventFilters> {
  const parsed = EventListQuery.safeParse(query);
  const fields = parsed.success ? {} : fieldErrors(parsed.error);
  const region = (query as Record<string, unknown> | undefined)?.region;
  const regions = async () =>
    (await (await ctx.db.programmes.refresh()).get('regions', () => listRegions(ctx.db.knex))) ?? [];
  if (typeof region === 'string' && !fields.region && !(await regions()).some((r) => r.id === region)) {
    fields.region = 'invalid_choice';
  }
  if (!parsed.success || Object.keys(fields).length > 0) throw invalid(fields);
  return parsed.data;
}

/** The published events the filters match, in the list's order. */
async function publishedMatching(ctx: ServiceContext, filters: EventFilters): Promise<Programme[]> {
  const programmes: Programme[] = [];
  for (const e of await listEvents(ctx.db, { publishedOnly: true })) {
    const programme = await loadProgramme(ctx.db, { id: e.id });
    if (programme && matchesFilters(programme, filters)) programmes.push(programme);
  }
  return programmes;
}

export function apiRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): Router {
  const router = Router();
  // Kept per programme version and language while no quota counter moves.
  const eventJsons = new ProgrammeMemo<ReturnType<typeof eventJson>>();
  const eventOf = (programme: Programme, lang: Lang, now: Date) =>
    eventJsons.get(programme, lang, `${registrationOpen(programme.event, now)}|${quotaStateKey(programme)}`, () =>
      eventJson(programme, lang, now),
    );

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(ctx.baseUrl));
  });

  // The serialized documents, kept while the events in them are the very same objects;
  // with the SQLite data version and the minute they were checked under.
  const lists = new Map<string, { events: object[]; body: CachedBody; dataVersion: number | null; minute: number }>();
  const singles = new WeakMap<object, CachedBody>();

  router.get('/events', async (req, res) => {
    const lang = langOf(req);
    const filters = await eventListFilters(ctx, req.query);
    const listKey = `${lang}|${filters.kind ?? ''}|${filters.region ?? ''}|${filters.month ?? ''}|${filters.audience ?? ''}`;
    // Read before the data the list is made of (SqliteReader); null on PostgreSQL.
    const dataVersion = ctx.db.dataVersion();
    const now = ctx.clock();
    const minute = Math.floor(now.getTime() / 60_000);
    let kept = lists.get(listKey);
    // While nobody has committed anything in the same minute (registration opening or
    // closing), the list is the one kept, however many events it holds.
    if (!kept || dataVersion === null || kept.dataVersion !== dataVersion || kept.minute !== minute) {
      const events = (await publishedMatching(ctx, filters)).map((programme) => eventOf(programme, lang, now));
      const same = kept && kept.events.length === events.length && kept.events.every((e, i) => e === events[i]);
      kept = { events, body: same && kept ? kept.body : cachedBody(JSON.stringify({ events })), dataVersion, minute };
      // Any month is a key: the kept lists stay few however many are asked for.
      if (lists.size >= 64) lists.clear();
      lists.set(listKey, kept);
    }
    sendPublic(res, JSON_TYPE, kept.body, { vary: 'Accept-Language' });
  });

  router.get('/events/:slug', async (req, res) => {
    const programme = await loadProgramme(ctx.db, { slug: req.params.slug });
    if (!programme || programme.event.status !== 'published') throw new AppError('not_found');
    const now = ctx.clock();
    const event = eventOf(programme, langOf(req), now);
    let body = singles.get(event);
    if (!body) {
      body = cachedBody(JSON.stringify({ event }));
      singles.set(event, body);
    }
    sendPublic(res, JSON_TYPE, body, { vary: 'Accept-Language' });
  });

  router.post('/events/:slug/registrations', guards.registerLimit, async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const client = clientHash(ctx.secret, req.ip ?? '', req.get('user-agent') ?? '');
    writeJson(res, 201, await registrationFromJson(ctx, String(req.params.slug), req.body, client));
  });

  router.get('/registrations/:token', async (req, res) => {
    const view = await viewRegistration(ctx, req.params.token);
    const certificates = await certificatesOf(ctx, view.registration.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ registration: registrationJson(ctx, view, req.params.token, certificates) });
  });

  router.post('/registrations/:token/items', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = AddItemBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const view = await addSeatByToken(ctx, req.params.token, parsed.data.sessionId);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ registration: registrationJson(ctx, view, req.params.token) });
  });

  // An offered place: accept it (it becomes the person's) or decline it (it goes on at once).
  const answerOffer = (answer: typeof acceptOffer | typeof declineOffer) => async (req: Request, res: Response) => {
    if (!/^\d{1,9}$/.test(String(req.params.sessionId))) throw new AppError('not_found');
    const token = String(req.params.token);
    const view = await answer(ctx, token, Number(req.params.sessionId));
    const certificates = await certificatesOf(ctx, view.registration.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ registration: registrationJson(ctx, view, token, certificates) });
  };
  router.post('/registrations/:token/items/:sessionId/accept', answerOffer(acceptOffer));
  router.post('/registrations/:token/items/:sessionId/decline', answerOffer(declineOffer));

  router.put('/registrations/:token/answers', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = AnswersBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const view = await changeAnswers(ctx, req.params.token, parsed.data.answers);
    const certificates = await certificatesOf(ctx, view.registration.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ registration: registrationJson(ctx, view, req.params.token, certificates) });
  });

  router.delete('/registrations/:token', async (req, res) => {
    // Cancelling twice is not an error: the answer is the cancelled registration.
    const current = await viewRegistration(ctx, req.params.token);
    // A certificate is at stake: the address confirms the cancellation from its own message.
    if (current.registration.status === 'active' && (await needsAddress(ctx, current.registration.id))) {
      const action: AddressAction = 'cancel';
      await askAddress(ctx, current.registration, action);
      writeJson(res, 202, { confirmation: { sentTo: current.registration.email, action } });
      return;
    }
    const view = current.registration.status === 'active' ? await cancelRegistration(ctx, req.params.token) : current;
    const certificates = await certificatesOf(ctx, view.registration.id);
    res.json({ registration: registrationJson(ctx, view, req.params.token, certificates) });
  });

  return router;
}
