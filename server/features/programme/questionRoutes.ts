import { Router, type Request, type Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { Question, QuestionOption } from '../../domain/questions.js';
import type { Programme } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import {
  createQuestion,
  editQuestion,
  moveQuestion,
  optionErrors,
  questionForEdit,
  questionsOverview,
  removeQuestion,
  type QuestionInput,
} from './questionAdmin.js';
import { langOf } from '../../http/i18n.js';
import { fieldErrors } from '../../http/schemas.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import { programmeOr404 } from './adminRoutes.js';
import {
  formPage,
  formValues,
  page,
  positiveInt,
  redirectDone,
  withFormErrors,
  type FormState,
} from '../../http/admin/render.js';
import { optionRowsFromForm, QuestionForm } from '../../http/admin/schemas.js';

/** The form's fields from a question as it is. */
function questionFormValues(q: Question): Record<string, unknown> {
  const values: Record<string, unknown> = {
    type: q.type,
    required: q.required ? 'yes' : '',
    labelLv: q.label.lv,
    labelEn: q.label.en,
    helpLv: q.help.lv,
    helpEn: q.help.en,
    min: q.min ?? '',
    max: q.max ?? '',
  };
  for (const o of q.options)
    Object.assign(values, { [`opt_${o.key}_lv`]: o.label.lv, [`opt_${o.key}_en`]: o.label.en });
  return values;
}

/** The question form's fields in the order it shows them. */
const FORM_ORDER = ['type', 'labelLv', 'labelEn', 'helpLv', 'helpEn', 'required', 'options', 'min', 'max'];

/** The form as a question; when a field is wrong, every field's error at once, the option rows' too. */
function questionInput(body: unknown, before: readonly QuestionOption[] = []): QuestionInput {
  const options = optionRowsFromForm(body);
  const parsed = QuestionForm.safeParse(body ?? {});
  if (parsed.success) return { ...parsed.data, options };
  const type = String((body as Record<string, unknown> | undefined)?.type ?? '');
  const fields = { ...fieldErrors(parsed.error), ...optionErrors(type, before, options) };
  // The error summary lists them in the form's order.
  const at = (field: string) => (FORM_ORDER.includes(field) ? FORM_ORDER.indexOf(field) : FORM_ORDER.length);
  const ordered = Object.entries(fields).sort(([a], [b]) => at(a) - at(b));
  throw new AppError('invalid_input', Object.fromEntries(ordered));
}

/** The back office's page of an event's own registration questions: admins only, like the programme. */
export function questionsRouter(ctx: ServiceContext): Router {
  const router = Router();
  const listUrl = (p: Programme) => `/admin/events/${p.event.slug}/questions`;

  router.get('/admin/events/:slug/questions', requireAdmin, async (req, res) => {
    const overview = await questionsOverview(ctx, organizerOf(res), String(req.params.slug));
    const title = res.locals.t('admin.questionsOf', { event: overview.programme.event.title[langOf(req)] });
    page(res, 'questions', title, overview);
  });

  /** The question form: new when `question` is absent, otherwise an edit of it. */
  const questionForm = (res: Response, programme: Programme, form: FormState, question?: Question, answered = 0) => {
    const title = res.locals.t(question ? 'admin.question.edit' : 'admin.question.new');
    const options = question?.options ?? [];
    formPage(res, 'question-form', title, form, {
      programme,
      current: options.filter((o) => !o.retired),
      retired: options.filter((o) => o.retired),
      answered,
      question: question ?? null,
    });
  };

  router.get('/admin/events/:slug/questions/new', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    questionForm(res, programme, { action: listUrl(programme), values: { type: 'short_text' } });
  });

  router.post('/admin/events/:slug/questions', requireAdmin, async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await withFormErrors(
      async () => {
        await createQuestion(ctx, organizerOf(res), programme.event.slug, questionInput(req.body));
        redirectDone(res, listUrl(programme), 'questionCreated');
      },
      (errors) =>
        questionForm(res, programme, { action: listUrl(programme), values: formValues(req), errors, status: 400 }),
    );
  });

  /** A question that may still be edited (an archived one may not), with its programme. */
  const editable = async (req: Request, res: Response) => {
    const found = await questionForEdit(ctx, organizerOf(res), positiveInt(req.params.id));
    if (found.question.status !== 'active') throw new AppError('not_allowed');
    return found;
  };

  router.get('/admin/questions/:id/edit', requireAdmin, async (req, res) => {
    const { programme, question, answered } = await editable(req, res);
    const form = { action: `/admin/questions/${question.id}/edit`, values: questionFormValues(question) };
    questionForm(res, programme, form, question, answered);
  });

  router.post('/admin/questions/:id/edit', requireAdmin, async (req, res) => {
    const { programme, question, answered } = await editable(req, res);
    await withFormErrors(
      async () => {
        await editQuestion(ctx, organizerOf(res), question.id, questionInput(req.body, question.options));
        redirectDone(res, listUrl(programme), 'questionSaved');
      },
      (errors) => {
        const form = { action: `/admin/questions/${question.id}/edit`, values: formValues(req), errors, status: 400 };
        questionForm(res, programme, form, question, answered);
      },
    );
  });

  router.post('/admin/questions/:id/move', requireAdmin, async (req, res) => {
    const direction = (req.body as Record<string, unknown> | undefined)?.direction;
    if (direction !== 'up' && direction !== 'down')
      throw new AppError('invalid_input', { direction: 'invalid_choice' });
    const { programme } = await editable(req, res);
    await moveQuestion(ctx, organizerOf(res), positiveInt(req.params.id), direction);
    redirectDone(res, listUrl(programme), 'questionMoved');
  });

  /** Taking a question away takes a second step: it says whether the question goes for good or is archived. */
  router.get('/admin/questions/:id/remove', requireAdmin, async (req, res) => {
    const { programme, question, answered } = await editable(req, res);
    const title = res.locals.t('admin.question.removeHeading');
    page(res, 'question-remove', title, { programme, question, answered });
  });

  router.post('/admin/questions/:id/remove', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const { programme } = await editable(req, res);
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
      res.redirect(303, `/admin/questions/${id}/remove`);
      return;
    }
    const done = await removeQuestion(ctx, organizerOf(res), id);
    redirectDone(res, listUrl(programme), done === 'deleted' ? 'questionDeleted' : 'questionArchived');
  });

  return router;
}
