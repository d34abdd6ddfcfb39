import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ServiceContext } from '../../context.js';
import type { FieldErrors } from '../../domain/errors.js';
import type { DayWarning } from '../../domain/holidays.js';
import { langOf } from '../../http/i18n.js';
import { page, parseForm, positiveInt, redirectDone, withFormErrors } from '../../http/admin/render.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import {
  cloneBatch,
  cloneBatches,
  cloneCandidates,
  createProgrammeClone,
  currentYear,
  planProgrammeClone,
  publishCloneBatch,
  type ProgrammeCloneInput,
} from './programmeClone.js';

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The clone's choices, as the first step's form (a GET) and the review's hidden fields send them. */
const ProgrammeCloneForm = z.object({
  events: z.preprocess(
    list,
    z
      .array(z.string({ error: 'choose_events' }).max(100, 'choose_events'), { error: 'choose_events' })
      .min(1, 'choose_events')
      .max(500, 'too_many'),
  ),
  weeks: z
    .string({ error: 'invalid_weeks' })
    .trim()
    .regex(/^\d{1,3}$/, 'invalid_weeks')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 260, 'invalid_weeks'),
  titlePattern: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(200, 'too_long:200')
    .refine((v) => v.includes('{title}'), 'title_placeholder'),
  replaceYear: z.preprocess((v) => v === '1' || v === 'on', z.boolean()),
});

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
    const year = asked && /^\d{4}$/.test(asked) ? Number(asked) : currentYear(ctx);
    const candidates = await cloneCandidates(ctx);
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
        const batchId = await createProgrammeClone(ctx, organizerOf(res), input);
        redirectDone(res, `/admin/programme/clones/${batchId}`, 'programmeCloned');
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
