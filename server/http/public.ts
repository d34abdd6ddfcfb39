import { Router, type Request, type Response } from 'express';
import { listEvents, listMunicipalities, loadProgramme } from '../db/programme.js';
import { AppError } from '../domain/errors.js';
import { ROLES, registrationOpen, type Programme } from '../domain/types.js';
import type { ServiceContext } from '../services/context.js';
import { choosableSessions, register } from '../services/registrations.js';
import { langOf } from './i18n.js';
import { fieldErrors, registrationFromForm, RegistrationBody } from './schemas.js';
import { ProgrammeMemo, quotaStateKey } from './programmeMemo.js';
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

export function publicRouter(ctx: ServiceContext): Router {
  const router = Router();
  const eventPages = new ProgrammeMemo<string>();

  router.get('/', async (req, res) => {
    const lang = langOf(req);
    const now = ctx.clock();
    const events = (await listEvents(ctx.db, { publishedOnly: true })).map((e) => ({
      slug: e.slug,
      title: e.title[lang],
      description: e.description[lang],
      open: registrationOpen(e, now),
      closesAt: e.registrationClosesAt,
    }));
    res.render('pages/events', { title: res.locals.t('events.heading'), events });
  });

  router.get('/events/:slug', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    const lang = langOf(req);
    const now = ctx.clock();
    // The page shows places left, so it is kept only while no counter has moved.
    const key = `${registrationOpen(programme.event, now)}|${quotaStateKey(programme)}|${String(res.locals.langSwitchUrl)}`;
    let html = eventPages.find(programme, lang, key);
    if (html === undefined) {
      const page = eventPageVM(programme, lang, now);
      html = eventPages.keep(
        programme,
        lang,
        key,
        await renderToString(res, 'pages/event', { title: page.title, page }),
      );
    }
    res.send(html);
  });

  router.get('/events/:slug/register', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    const region = typeof req.query.region === 'string' ? req.query.region : '';
    await renderForm(ctx, req, res, programme, { regionId: region, language: langOf(req) }, {});
  });

  router.post('/events/:slug/register', async (req, res) => {
    const programme = await publishedProgramme(ctx, req.params.slug);
    const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const values = { ...form };
    const parsed = RegistrationBody.safeParse(registrationFromForm(form));
    if (!parsed.success) {
      await renderForm(ctx, req, res, programme, values, fieldErrors(parsed.error));
      return;
    }
    try {
      const result = await register(ctx, req.params.slug, parsed.data);
      res.redirect(303, `/r/${result.token}?welcome=1`);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_input' && err.fields) {
        await renderForm(ctx, req, res, programme, values, err.fields);
        return;
      }
      throw err;
    }
  });

  router.get('/privacy', (_req, res) => {
    res.render('pages/privacy', { title: res.locals.t('privacy.heading') });
  });

  return router;
}
