import { Router, type Request, type Response } from 'express';
import { listMunicipalities, loadProgramme } from '../db/programme.js';
import { AppError } from '../domain/errors.js';
import { ROLES, registrationOpen, type Programme } from '../domain/types.js';
import type { ServiceContext } from '../services/context.js';
import { choosableSessions, register } from '../services/registrations.js';
import { langOf } from './i18n.js';
import { overviewVM } from './overview.js';
import { NO_GUARDS, type HttpGuards } from './guards.js';
import { cachedBody, sendPublic, type CachedBody } from './cachedBody.js';
import { ProgrammeMemo, quotaStateKey } from './programmeMemo.js';
import { fieldErrors, LostLinkBody, registrationFromForm, RegistrationBody } from './schemas.js';
import { sendLostLink } from '../services/lostLink.js';
import { parseSeminarFilters, seminarListVM } from './seminarList.js';
import { eventPageVM } from './viewModels.js';

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
  const municipalities = (await listMunicipalities(ctx.db)).map((m) => ({
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
    values,
    errors,
  });
}

/** Renders a view to a string, for pages worth keeping. */
function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html)));
  });
}

const HTML_TYPE = 'text/html; charset=utf-8';

export function publicRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): Router {
  const router = Router();
  const eventPages = new ProgrammeMemo<CachedBody>();
  router.use('/events/:slug/register', guards.csrf);
  router.use('/events/:slug/lost-link', guards.csrf);

  router.get('/', async (req, res) => {
    const overview = await overviewVM(ctx.db, req.query, langOf(req), ctx.clock());
    res.render('pages/events', { title: res.locals.t('events.heading'), overview });
  });

  router.get('/events/:slug', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    if (programme.event.kind === 'seminar_series') {
      const filters = parseSeminarFilters(req.query, programme);
      const list = seminarListVM(programme, filters, langOf(req), ctx.clock());
      res.render('pages/seminars', { title: list.title, list });
      return;
    }
    // The page is kept while nothing it shows can differ: same programme version, language,
    // URL (the language switch link), places, open/closed, and minute (sessions begun).
    const now = ctx.clock();
    const lang = langOf(req);
    const key = [
      registrationOpen(programme.event, now),
      Math.floor(now.getTime() / 60_000),
      quotaStateKey(programme),
      req.originalUrl,
    ].join('|');
    const page =
      eventPages.find(programme, lang, key) ??
      eventPages.keep(
        programme,
        lang,
        key,
        cachedBody(
          await renderToString(
            res,
            'pages/event',
            (() => {
              const vm = eventPageVM(programme, lang, now);
              return { title: vm.title, page: vm };
            })(),
          ),
        ),
      );
    // Its language comes from a cookie when one was chosen.
    sendPublic(res, HTML_TYPE, page, { vary: 'Cookie' });
  });

  router.get('/events/:slug/register', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    const region = typeof req.query.region === 'string' ? req.query.region : '';
    // "Register" on a seminar in the list arrives with that seminar ticked.
    const session =
      typeof req.query.session === 'string' && /^\d{1,9}$/.test(req.query.session) ? req.query.session : '';
    const values = { regionId: region, language: langOf(req), ...(session ? { sessionIds: [session] } : {}) };
    await renderForm(ctx, req, res, programme, values, {});
  });

  router.post('/events/:slug/register', guards.registerLimit, async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    // The honeypot: people never see the field, form-filling robots fill it in.
    if (typeof form.website === 'string' && form.website !== '')
      throw new AppError('invalid_input', { website: 'invalid' });
    const { _csrf: _token, website: _trap, ...values } = form;
    const parsed = RegistrationBody.safeParse(registrationFromForm(form));
    if (!parsed.success) {
      await renderForm(ctx, req, res, programme, values, fieldErrors(parsed.error));
      return;
    }
    try {
      const result = await register(ctx, String(req.params.slug), parsed.data);
      res.redirect(303, `/r/${result.token}?welcome=1`);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_input' && err.fields) {
        await renderForm(ctx, req, res, programme, values, err.fields);
        return;
      }
      throw err;
    }
  });

  router.get('/events/:slug/lost-link', async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    res.render('pages/lost-link', {
      title: res.locals.t('lostLink.heading'),
      slug: programme.event.slug,
      sent: false,
      errors: {},
      values: {},
    });
  });

  router.post('/events/:slug/lost-link', guards.linkLimit, async (req, res) => {
    const programme = await publishedProgramme(ctx, String(req.params.slug));
    const email = (req.body as Record<string, unknown> | undefined)?.email;
    const parsed = LostLinkBody.safeParse({ email });
    if (!parsed.success) {
      res.status(400).render('pages/lost-link', {
        title: res.locals.t('lostLink.heading'),
        slug: programme.event.slug,
        sent: false,
        errors: fieldErrors(parsed.error),
        values: { email: typeof email === 'string' ? email : '' },
      });
      return;
    }
    await sendLostLink(ctx, programme.event.slug, parsed.data.email);
    res.render('pages/lost-link', {
      title: res.locals.t('lostLink.heading'),
      slug: programme.event.slug,
      sent: true,
      errors: {},
      values: {},
    });
  });

  router.get('/privacy', (_req, res) => {
    res.render('pages/privacy', { title: res.locals.t('privacy.heading') });
  });

  router.get('/accessibility', (_req, res) => {
    res.render('pages/accessibility', { title: res.locals.t('a11y.heading') });
  });

  return router;
}
