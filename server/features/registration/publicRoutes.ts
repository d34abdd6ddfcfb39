import { Router, type Request, type Response } from 'express';
import { loadProgramme, municipalitiesInOrder } from '../../db/programme.js';
import { accessibilityStatement, privacyNotice } from '../privacy/index.js';
import { accessibilityVM, EVALUATED_ASPECTS } from './accessibilityViewModel.js';
import { AppError } from '../../domain/errors.js';
import type { Lang } from '../../domain/time.js';
import { ROLES, registrationOpen, type Programme } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import { choosableSessions, plenariesOf, requestRegistration, type PendingAnswer } from './register.js';
import { clientHash } from '../../security/clients.js';
import { checkMailVM } from './checkMailViewModel.js';
import { langOf } from '../../http/i18n.js';
import { overviewVM } from './overview.js';
import { NO_GUARDS, type HttpGuards } from '../../http/guards.js';
import { cachedBody, sendPublic, type CachedBody } from '../../http/cachedBody.js';
import { ProgrammeMemo, quotaStateKey } from './programmeMemo.js';
import { checkAnswers } from '../../domain/questions.js';
import {
  answersFromForm,
  CheckMailQuery,
  fieldErrors,
  LostLinkBody,
  OverviewQuery,
  queryOf,
  RegisterFormQuery,
  registrationFromForm,
  RegistrationBody,
  SeminarQuery,
} from '../../http/schemas.js';
import { sendLostLink } from './lostLink.js';
import { parseSeminarFilters, seminarListVM } from './seminarList.js';
import { eventPageVM, participantDataVM, questionErrors, questionVMs } from './eventViewModels.js';
async function publishedProgramme(ctx: ServiceContext, slug: string): Promise<Programme> {
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme || programme.event.status !== 'published') throw new AppError('not_found');
  return programme;
}

type FormValues = Record<string, unknown>;

/** Everything the registration form needs, whether shown fresh or again with errors. */
async function renderForm(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  programme: Programme,
  values: FormValues,
  errors: Record<string, string>,
): Promise<void> {
  const lang = langOf(req);
  const page = eventPageVM(programme, lang, ctx.clock());
  const municipalities = (await municipalitiesInOrder(ctx.db, lang)).map((m) => ({
    id: m.id,
    name: m.name[lang],
    regionId: m.regionId,
  }));
  const workshopsByRegion = Object.fromEntries(
    programme.regions.map((r) => [r.id, choosableSessions(programme, r.id).map((s) => s.id)]),
  );
  res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/register', {
    title: res.locals.t('form.heading', { event: page.title }),
    page,
    municipalities,
    roles: ROLES,
    workshopsByRegion,
    questions: questionVMs(programme.questions, lang),
    participantData: programme.event.participantData ? participantDataVM() : null,
    values,
    errors: questionErrors(errors),
  });
}

/** Renders a view to a string, for pages worth keeping. */
function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html)));
  });
}

const HTML_TYPE = 'text/html; charset=utf-8';

/**
 * The event page, kept while nothing it shows can differ: same programme version,
 * language, URL (the language switch link), places, open or closed, and minute (sessions
 * begun). `render` builds it when it must.
 */
function keptEventPages() {
  const pages = new ProgrammeMemo<CachedBody>();
  return async (
    programme: Programme,
    lang: Lang,
    now: Date,
    url: string,
    render: (vm: ReturnType<typeof eventPageVM>) => Promise<string>,
  ): Promise<CachedBody> => {
    const minute = Math.floor(now.getTime() / 60_000);
    const key = [registrationOpen(programme.event, now), minute, quotaStateKey(programme), url].join('|');
    return (
      pages.find(programme, lang, key) ??
      pages.keep(programme, lang, key, cachedBody(await render(eventPageVM(programme, lang, now))))
    );
  };
}

/** What the form's registration came to: a link to open, a page to check mail, or errors to show. */
type FormOutcome =
  { token: string } | { pending: PendingAnswer } | { errors: Record<string, string> } | { alreadyRegistered: string };

/**
 * A registration sent from the form: the new person's token, what the requester may know
 * while the address confirms it, or the field errors to show the form again with. A
 * filled-in honeypot (a field people never see) is a robot's.
 */
async function registerFromForm(
  ctx: ServiceContext,
  programme: Programme,
  form: Record<string, string | string[] | undefined>,
  client: string,
): Promise<FormOutcome> {
  if (typeof form.website === 'string' && form.website !== '')
    throw new AppError('invalid_input', { website: 'invalid' });
  // A form opened before the organizer stopped asking for participant data: what it holds is not kept.
  const fields = programme.event.participantData
    ? form
    : Object.fromEntries(Object.entries(form).filter(([k]) => !k.startsWith('pd_')));
  const parsed = RegistrationBody.safeParse(registrationFromForm(fields));
  // A conference's form pre-selects nothing: a workshop or "plenary only" (`none`) is the
  // person's own choice, and sending neither is a field error (the API's [] still means
  // the plenary only).
  const unchosen: Record<string, string> =
    programme.event.kind === 'conference' && [form.workshop].flat().every((w) => w === undefined || w === '')
      ? {
          sessionIds:
            typeof form.regionId === 'string' && plenariesOf(programme, form.regionId).length === 0
              ? 'choose_workshop'
              : 'choose_workshop_or_plenary',
        }
      : {};
  if (!parsed.success || Object.keys(unchosen).length > 0) {
    // The answers are said to be wrong at once too, not after the other fields are mended.
    return {
      errors: {
        ...checkAnswers(programme.questions, answersFromForm(form)).fields,
        ...unchosen,
        ...(parsed.success ? {} : fieldErrors(parsed.error)),
      },
    };
  }
  try {
    const result = await requestRegistration(ctx, programme.event.slug, parsed.data, { client });
    return result.kind === 'pending' ? { pending: result.answer } : { token: result.token };
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_input' && err.fields) return { errors: err.fields };
    if (err instanceof AppError && err.code === 'already_registered') return { alreadyRegistered: parsed.data.email };
    throw err;
  }
}

/** How long the "check your mail" page shows what a registration was told (its link is in the browser's history). */
const CHECK_PAGE_MS = 24 * 3600_000;

/** The "check your mail" page's address: what the requester was told, sealed so that nobody else can forge it. */
function checkMailPath(ctx: ServiceContext, slug: string, answer: PendingAnswer): string {
  const sealed = ctx.tokens.seal(JSON.stringify({ at: ctx.clock().toISOString(), answer }));
  return `/events/${slug}/check-mail?r=${sealed}`;
}

/** What a "check your mail" address carries, or null when it is not one of ours or too old. */
function openedCheck(ctx: ServiceContext, sealed: string | undefined): PendingAnswer | null {
  if (!sealed || sealed.length > 4000) return null;
  const opened = ctx.tokens.unseal(sealed);
  if (!opened) return null;
  try {
    const { at, answer } = JSON.parse(opened) as { at: string; answer: PendingAnswer };
    return ctx.clock().getTime() - Date.parse(at) <= CHECK_PAGE_MS ? answer : null;
  } catch {
    return null;
  }
}

function renderLostLink(
  res: Response,
  programme: Programme,
  page: { sent: boolean; errors?: Record<string, string>; values?: Record<string, string> },
): void {
  res.render('pages/lost-link', {
    title: res.locals.t('lostLink.heading'),
    slug: programme.event.slug,
    sent: page.sent,
    errors: page.errors ?? {},
    values: page.values ?? {},
  });
}

export interface PublicOptions {
  /** The local mail drop's folder, when no SMTP server is set: the "check your mail" page says where to look. */
  mailDropDir?: string | null;
}

export function publicRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS, options: PublicOptions = {}): Router {
  const router = Router();
  const eventPage = keptEventPages();
  router.use('/events/:slug/register', guards.csrf);
  router.use('/events/:slug/lost-link', guards.csrf);

  router.get('/', async (req, res) => {
    const overview = await overviewVM(ctx.db, queryOf(OverviewQuery, req), langOf(req), ctx.clock());
    res.render('pages/events', { title: res.locals.t('events.heading'), overview });
  });

  router.get('/events/:slug', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    if (programme.event.kind === 'seminar_series') {
      const filters = parseSeminarFilters(queryOf(SeminarQuery, req), programme);
      const list = seminarListVM(programme, filters, langOf(req), ctx.clock());
      res.render('pages/seminars', { title: list.title, list });
      return;
    }
    const page = await eventPage(programme, langOf(req), ctx.clock(), req.originalUrl, (vm) =>
      renderToString(res, 'pages/event', { title: vm.title, page: vm }),
    );
    // Its language comes from a cookie when one was chosen.
    sendPublic(res, HTML_TYPE, page, { vary: 'Cookie' });
  });

  router.get('/events/:slug/register', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    const query = queryOf(RegisterFormQuery, req);
    const region = query.region ?? '';
    // "Register" on a seminar in the list arrives with that seminar ticked.
    const session = query.session !== undefined && /^\d{1,9}$/.test(query.session) ? query.session : '';
    const values = { regionId: region, language: langOf(req), ...(session ? { sessionIds: [session] } : {}) };
    await renderForm(ctx, req, res, programme, values, {});
  });

  router.post('/events/:slug/register', guards.registerLimit, async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const { _csrf: _token, website: _trap, ...values } = form;
    const client = clientHash(ctx.secret, req.ip ?? '', req.get('user-agent') ?? '');
    const outcome = await registerFromForm(ctx, programme, form, client);
    if ('token' in outcome) res.redirect(303, `/r/${outcome.token}?welcome=1`);
    else if ('pending' in outcome) res.redirect(303, checkMailPath(ctx, programme.event.slug, outcome.pending));
    else if ('alreadyRegistered' in outcome)
      // Not an error to the person: they are registered, and the way on is their link.
      res.status(409).render('pages/already-registered', {
        title: res.locals.t('already.heading'),
        email: outcome.alreadyRegistered,
        event: { slug: programme.event.slug, title: programme.event.title[langOf(req)] },
      });
    else await renderForm(ctx, req, res, programme, values, outcome.errors);
  });

  // After a registration that the address must confirm: what was asked, what is held or
  // waiting and until when, and where the message is (the same page for any address).
  router.get('/events/:slug/check-mail', async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    const { r } = queryOf(CheckMailQuery, req);
    const answer = openedCheck(ctx, r);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.render('pages/check-mail', {
      title: res.locals.t('check.heading'),
      c: checkMailVM(programme, answer, langOf(req)),
      mailDrop: options.mailDropDir ? { dir: options.mailDropDir, path: '/admin/outbox' } : null,
    });
  });

  router.get('/events/:slug/lost-link', async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    renderLostLink(res, programme, { sent: false });
  });

  router.post('/events/:slug/lost-link', guards.linkLimit, async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    const email = (req.body as Record<string, unknown> | undefined)?.email;
    const parsed = LostLinkBody.safeParse({ email });
    if (!parsed.success) {
      const values = { email: typeof email === 'string' ? email : '' };
      renderLostLink(res.status(400), programme, { sent: false, errors: fieldErrors(parsed.error), values });
      return;
    }
    await sendLostLink(ctx, programme.event.slug, parsed.data.email);
    renderLostLink(res, programme, { sent: true });
  });

  router.get('/privacy', async (_req, res) => {
    res.render('pages/privacy', { title: res.locals.t('privacy.heading'), notice: await privacyNotice(ctx) });
  });

  router.get('/accessibility', async (req, res) => {
    const lang = langOf(req);
    const { statement, updatedAt, contact } = await accessibilityStatement(ctx);
    res.render('pages/accessibility', {
      title: res.locals.t('a11y.heading'),
      a11y: accessibilityVM(statement, updatedAt, lang),
      contact,
    });
  });

  router.get('/accessibility/evaluation', async (req, res) => {
    const { statement } = await accessibilityStatement(ctx);
    res.render('pages/accessibility-evaluation', {
      title: res.locals.t('a11y.protocol.heading'),
      a11y: accessibilityVM(statement, null, langOf(req)),
      aspects: EVALUATED_ASPECTS,
    });
  });

  return router;
}
