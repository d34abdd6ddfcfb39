import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { FieldErrors } from '../../domain/errors.js';
import type { DayWarning } from '../../domain/holidays.js';
import { langOf } from '../../http/i18n.js';
import { ProgrammeCloneBody, ProgrammeCloneForm } from '../../http/admin/cloneSchemas.js';
import { fieldErrors } from '../../http/schemas.js';
import { AppError, invalid } from '../../domain/errors.js';
import { isoInZone } from '../../domain/time.js';
import { page, parseForm, positiveInt, redirectDone, withFormErrors } from '../../http/admin/render.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import {
  cloneBatch,
  cloneBatches,
  cloneCandidates,
  createProgrammeClone,
  planProgrammeClone,
  programmeYear,
  publishCloneBatch,
  type ProgrammeCloneInput,
  type ProgrammeClonePlan,
} from './programmeClone.js';

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const toInput = (form: z.infer<typeof ProgrammeCloneForm>): ProgrammeCloneInput => ({
  slugs: form.events,
  weeks: form.weeks,
  titlePattern: form.titlePattern,
  replaceYear: form.replaceYear,
});

/** The choices as a query string: the way back from the review to the first step. */
function choicesQuery(input: ProgrammeCloneInput, year?: number): string {
  const q = new URLSearchParams();
  for (const slug of input.slugs) q.append('events', slug);
  q.set('weeks', String(input.weeks));
  q.set('titlePattern', input.titlePattern);
  if (input.replaceYear) q.set('replaceYear', '1');
  if (year !== undefined) q.set('year', String(year));
  return q.toString();
}

/** A session's warning in words: „sestdiena; Pirmās Lieldienas”. */
export function warningWords(t: Translate, warning: DayWarning | null): string | null {
  if (!warning) return null;
  const words = [
    ...(warning.weekend ? [t(`clone.weekend.${warning.weekend}` as MessageKey)] : []),
    ...warning.holidays.map((h) => t(`holiday.${h}` as MessageKey)),
  ];
  return words.join('; ');
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The programme's next year in one step (programmeClone.ts): choose, review every new date,
 * make the drafts as one batch, publish the batch. Admins only.
 */
export function programmeCloneRouter(ctx: ServiceContext): Router {
  const router = Router();

  /** The first step: the events (this year's ticked), the title pattern, the weeks. */
  const chooseForm = async (req: Request, res: Response, errors: FieldErrors = {}, status = 200) => {
    const query = { ...req.query, ...(req.method === 'POST' ? (req.body as object) : {}) } as Record<string, unknown>;
    const asked = one(req.query.year);
    const candidates = await cloneCandidates(ctx);
    const year = asked && /^\d{4}$/.test(asked) ? Number(asked) : programmeYear(ctx, candidates);
    const returning = query.weeks !== undefined || query.events !== undefined;
    const values = returning
      ? {
          events: list(query.events).map(String),
          weeks: one(query.weeks) ?? '',
          titlePattern: one(query.titlePattern) ?? '',
          replaceYear: query.replaceYear === '1' || query.replaceYear === 'on',
        }
      : {
          events: candidates.filter((c) => c.year === year).map((c) => c.slug),
          weeks: '52',
          titlePattern: '{title}',
          replaceYear: true,
        };
    const years = [...new Set([...candidates.map((c) => c.year), year])].sort();
    const batches = await cloneBatches(ctx);
    const data = { candidates, year, years, values, errors, batches };
    page(res, 'programme-clone', res.locals.t('clone.heading'), data, status);
  };

  router.get('/admin/programme/clone', requireAdmin, (req, res) => chooseForm(req, res));

  router.get('/admin/programme/clone/review', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const input = toInput(parseForm(ProgrammeCloneForm, req.query));
        const plan = await planProgrammeClone(ctx, organizerOf(res), input);
        const t = res.locals.t as Translate;
        const events = plan.events.map((e) => ({
          ...e,
          sessions: e.sessions.map((s) => ({ ...s, warningText: warningWords(t, s.warning) })),
        }));
        page(res, 'programme-clone-review', t('clone.reviewHeading'), {
          plan: { ...plan, events },
          back: `/admin/programme/clone?${choicesQuery(input)}`,
        });
      },
      (errors) => chooseForm(req, res, errors, 400),
    );
  });

  router.post('/admin/programme/clone', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const input = toInput(parseForm(ProgrammeCloneForm, req.body));
        const made = await createProgrammeClone(ctx, organizerOf(res), input);
        redirectDone(res, `/admin/programme/clones/${made.id}`, 'programmeCloned');
      },
      (errors) => chooseForm(req, res, errors, 400),
    );
  });

  const batchPage = async (req: Request, res: Response, refused: string[] = []) => {
    const batch = await cloneBatch(ctx, positiveInt(req.params.id));
    const lang = langOf(req);
    const title = (slug: string) => batch.events.find((e) => e.slug === slug)?.title[lang] ?? slug;
    page(
      res,
      'programme-clone-batch',
      res.locals.t('clone.batchHeading'),
      { batch, refused: refused.map(title) },
      refused.length > 0 ? 400 : 200,
    );
  };

  router.get('/admin/programme/clones/:id', requireAdmin, (req, res) => batchPage(req, res));

  router.post('/admin/programme/clones/:id/publish', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const done = await publishCloneBatch(ctx, organizerOf(res), id);
    if (done.refused.length > 0) return batchPage(req, res, done.refused);
    redirectDone(res, `/admin/programme/clones/${id}`, 'programmePublished', done.published);
  });

  return router;
}

/** A clone as the organizer API answers it: times with the event's offset, warnings as codes. */
function cloneJson(id: number | null, plan: ProgrammeClonePlan) {
  return {
    batch: {
      id,
      weeks: plan.input.weeks,
      warnings: plan.warnings,
      events: plan.events.map((e) => {
        const at = (iso: string) => isoInZone(iso, e.zone);
        return {
          slug: e.slug,
          source: e.source.slug,
          title: e.title,
          registration: { opensAt: at(e.registration.opensAt), closesAt: at(e.registration.closesAt) },
          sessions: e.sessions.map((s) => ({
            title: s.title,
            startsAt: at(s.startsAt),
            endsAt: at(s.endsAt),
            was: { startsAt: at(s.was.startsAt), endsAt: at(s.was.endsAt) },
            warnings: s.warning ? [...(s.warning.weekend ? [s.warning.weekend] : []), ...s.warning.holidays] : [],
          })),
          quotas: e.quotas.map((q) => ({ name: q.name, size: q.template, sizeToday: q.today })),
        };
      }),
    },
  };
}

/**
 * The organizer API's clone of the programme (mounted behind its bearer check): a dry run
 * answers the review, otherwise the drafts are made; a batch is published in one call.
 */
export function programmeCloneApiRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.post('/api/v1/admin/programme/clones', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = ProgrammeCloneBody.safeParse(req.body);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const { events, dryRun, ...choices } = parsed.data;
    const input: ProgrammeCloneInput = { slugs: events, ...choices };
    if (dryRun) {
      res.json(cloneJson(null, await planProgrammeClone(ctx, organizerOf(res), input)));
      return;
    }
    const made = await createProgrammeClone(ctx, organizerOf(res), input);
    res.status(201).json(cloneJson(made.id, made.plan));
  });

  router.post('/api/v1/admin/programme/clones/:id/publish', async (req, res) => {
    const done = await publishCloneBatch(ctx, organizerOf(res), positiveInt(req.params.id));
    if (done.refused.length > 0) {
      throw new AppError('not_allowed', Object.fromEntries(done.refused.map((slug) => [slug, 'not_publishable'])));
    }
    res.json({ published: done.published });
  });

  return router;
}
