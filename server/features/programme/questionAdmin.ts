import type { Tx } from '../../db/knex.js';
import { loadProgramme } from '../../db/programme.js';
import { insertQuestion, questionFromRow, updateQuestion, type QuestionFields } from '../../db/questions.js';
import { answerCounts, chosenKeysOf } from '../../db/questionStats.js';
import { AppError, invalid, type FieldErrors } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import {
  askedQuestions,
  type Question,
  type QuestionOption,
  type QuestionType,
  type OptionInput,
} from '../../domain/questions.js';
import { safeLine } from '../../domain/text.js';
import type { Programme } from '../../domain/types.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

/**
 * Organizers edit an event's own registration questions: add, edit, move, take
 * away. Answers keep option keys and question ids, so what people answered stays readable
 * whatever changes: an option someone chose is only retired, a question someone answered
 * is only archived, and its type cannot change (a new question is the way to ask anew).
 * Questions are part of the programme: only an organizer who may edit the programme (an
 * admin) changes them, each change runs as a programme change (LOCKING.md) and is audited.
 */

export const CHOICE_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice'];
export const OPTION_LABEL_MAX = 200;

export interface QuestionInput {
  type: QuestionType;
  required: boolean;
  labelLv: string;
  labelEn: string;
  helpLv: string;
  helpEn: string;
  options: OptionInput[];
  min: number | null;
  max: number | null;
}

function mayEdit(organizer: Organizer): void {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
}

async function programmeOf(ctx: ServiceContext, where: { slug: string } | { id: number }): Promise<Programme> {
  const programme = await loadProgramme(ctx.db, where);
  if (!programme) throw new AppError('not_found');
  return programme;
}

/** A question as stored (read under the programme lock), with the highest option key number it ever gave. */
async function questionRow(trx: Tx, id: number): Promise<{ question: Question; optionSeq: number }> {
  const row = (await trx('event_questions').where('id', id).first()) as Record<string, unknown> | undefined;
  if (!row) throw new AppError('not_found');
  return { question: questionFromRow(row), optionSeq: Number(row.option_seq ?? 0) };
}

async function eventIdOf(ctx: ServiceContext, questionId: number): Promise<number> {
  const row = (await ctx.db.knex('event_questions').where('id', questionId).first('event_id')) as
    { event_id: number } | undefined;
  if (!row) throw new AppError('not_found');
  return Number(row.event_id);
}

const keyNumber = (key: string): number => Number(/^o(\d+)$/.exec(key)?.[1] ?? 0);

function checkOptionLabel(row: OptionInput, fields: FieldErrors): void {
  const lv = row.lv.trim();
  const en = row.en.trim();
  if (lv === '') fields.options ??= 'option_label_required';
  else if (lv.length > OPTION_LABEL_MAX || en.length > OPTION_LABEL_MAX)
    fields.options ??= `too_long:${OPTION_LABEL_MAX}`;
  else if (!safeLine(lv) || !safeLine(en)) fields.options ??= 'invalid_characters';
}

/**
 * The options a question keeps after an edit: existing ones relabelled, kept, retired (taken
 * away after someone chose them) or deleted (nobody did), then the new rows with fresh keys.
 * Retired options stay as they were. `seq` is the highest key number ever given.
 */
function nextOptions(
  before: readonly QuestionOption[],
  rows: readonly OptionInput[],
  chosen: ReadonlySet<string>,
  seq: number,
  fields: FieldErrors,
): { options: QuestionOption[]; seq: number } {
  const options: QuestionOption[] = [];
  for (const o of before) {
    const row = rows.find((r) => r.key === o.key);
    if (o.retired || !row) options.push(o);
    else if (row.remove) {
      if (chosen.has(o.key)) options.push({ ...o, retired: true });
    } else {
      checkOptionLabel(row, fields);
      options.push({ key: o.key, label: { lv: row.lv.trim(), en: row.en.trim() }, retired: false });
    }
  }
  let next = Math.max(seq, ...before.map((o) => keyNumber(o.key)));
  for (const row of rows.filter((r) => r.key === null && !r.remove)) {
    if (row.lv.trim() === '' && row.en.trim() === '') continue;
    checkOptionLabel(row, fields);
    next += 1;
    options.push({ key: `o${next}`, label: { lv: row.lv.trim(), en: row.en.trim() }, retired: false });
  }
  const offered = options.filter((o) => !o.retired);
  const labels = offered.map((o) => o.label.lv.toLocaleLowerCase('lv'));
  if (offered.length < 2) fields.options ??= 'too_few_options';
  else if (new Set(labels).size < labels.length) fields.options ??= 'duplicate_option';
  return { options, seq: next };
}

/**
 * The option rows' errors alone, as an edit of a question with the options `before` would
 * find them: the form shows them together with the errors of its other fields.
 */
export function optionErrors(
  type: string,
  before: readonly QuestionOption[],
  rows: readonly OptionInput[],
): FieldErrors {
  const fields: FieldErrors = {};
  if (CHOICE_TYPES.some((t) => t === type)) nextOptions(before, rows, new Set(), 0, fields);
  return fields;
}

/**
 * What an edit (or a new question, `before` null) stores, or the field errors that keep
 * it from being stored. `answered` and `chosen`: how many answered it, which options they chose.
 */
function checkedFields(
  input: QuestionInput,
  before: { question: Question; optionSeq: number } | null,
  answered: number,
  chosen: ReadonlySet<string>,
): { fields: QuestionFields; optionSeq: number } {
  const errors: FieldErrors = {};
  if (before && answered > 0 && input.type !== before.question.type) errors.type = 'type_locked';
  const isChoice = CHOICE_TYPES.includes(input.type);
  const { options, seq } = isChoice
    ? nextOptions(before?.question.options ?? [], input.options, chosen, before?.optionSeq ?? 0, errors)
    : { options: [], seq: before?.optionSeq ?? 0 };
  const isNumber = input.type === 'number';
  if (isNumber && input.min !== null && input.max !== null && input.max < input.min) errors.max = 'max_below_min';
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return {
    fields: {
      type: input.type,
      required: input.required,
      label: { lv: input.labelLv, en: input.labelEn },
      help: { lv: input.helpLv, en: input.helpEn },
      options,
      min: isNumber ? input.min : null,
      max: isNumber ? input.max : null,
    },
    optionSeq: seq,
  };
}

/** Adds a question at the end of an event's questions; returns its id. */
export async function createQuestion(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  input: QuestionInput,
): Promise<number> {
  mayEdit(organizer);
  const programme = await programmeOf(ctx, { slug });
  const { fields, optionSeq } = checkedFields(input, null, 0, new Set());
  const now = ctx.clock();
  return ctx.db.capacity.changeProgramme(programme.event.id, async (trx) => {
    const id = await insertQuestion(trx, programme.event.id, fields, now.toISOString());
    await trx('event_questions').where('id', id).update({ option_seq: optionSeq });
    await audit(
      trx,
      { actor: organizer.email, action: 'question.create', targetType: 'question', targetId: id, after: fields },
      now,
    );
    return id;
  });
}

/** Edits a question (not an archived one); the rules are checked against its answers as they are then. */
export async function editQuestion(
  ctx: ServiceContext,
  organizer: Organizer,
  questionId: number,
  input: QuestionInput,
): Promise<void> {
  mayEdit(organizer);
  const eventId = await eventIdOf(ctx, questionId);
  const now = ctx.clock();
  await ctx.db.capacity.changeProgramme(eventId, async (trx) => {
    const before = await questionRow(trx, questionId);
    if (before.question.status !== 'active') throw new AppError('not_allowed');
    const answered = (await answerCounts(trx, [questionId])).get(questionId) ?? 0;
    const chosen = await chosenKeysOf(trx, before.question);
    const { fields, optionSeq } = checkedFields(input, before, answered, chosen);
    await updateQuestion(trx, questionId, fields, now.toISOString());
    await trx('event_questions').where('id', questionId).update({ option_seq: optionSeq });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'question.update',
        targetType: 'question',
        targetId: questionId,
        before: before.question,
        after: fields,
      },
      now,
    );
  });
}

/** Moves an asked question one place up or down among the asked ones; at either end nothing moves. */
export async function moveQuestion(
  ctx: ServiceContext,
  organizer: Organizer,
  questionId: number,
  direction: 'up' | 'down',
): Promise<void> {
  mayEdit(organizer);
  const eventId = await eventIdOf(ctx, questionId);
  const now = ctx.clock();
  await ctx.db.capacity.changeProgramme(eventId, async (trx) => {
    const rows = (await trx('event_questions').where('event_id', eventId)) as Record<string, unknown>[];
    const asked = askedQuestions(rows.map(questionFromRow));
    const at = asked.findIndex((q) => q.id === questionId);
    if (at < 0) throw new AppError('not_allowed');
    const other = asked[direction === 'up' ? at - 1 : at + 1];
    const self = asked[at];
    if (!other || !self) return;
    // Sorts are unique within an event (insertQuestion), so swapping them keeps the order total.
    await trx('event_questions').where('id', self.id).update({ sort: other.sort, updated_at: now.toISOString() });
    await trx('event_questions').where('id', other.id).update({ sort: self.sort, updated_at: now.toISOString() });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'question.move',
        targetType: 'question',
        targetId: questionId,
        before: { position: at + 1 },
        after: { position: direction === 'up' ? at : at + 2 },
      },
      now,
    );
  });
}

/**
 * Takes a question away: deleted when nobody answered it, otherwise archived (no longer
 * asked; the answers stay on the registrant's page and in exports). Says which it was.
 */
export async function removeQuestion(
  ctx: ServiceContext,
  organizer: Organizer,
  questionId: number,
): Promise<'deleted' | 'archived'> {
  mayEdit(organizer);
  const eventId = await eventIdOf(ctx, questionId);
  const now = ctx.clock();
  return ctx.db.capacity.changeProgramme(eventId, async (trx) => {
    const { question } = await questionRow(trx, questionId);
    if (question.status !== 'active') throw new AppError('not_allowed');
    const answered = (await answerCounts(trx, [questionId])).get(questionId) ?? 0;
    const entry = { actor: organizer.email, targetType: 'question', targetId: questionId, before: question };
    if (answered === 0) {
      await trx('event_questions').where('id', questionId).delete();
      await audit(trx, { ...entry, action: 'question.delete' }, now);
      return 'deleted';
    }
    await trx('event_questions').where('id', questionId).update({ status: 'archived', updated_at: now.toISOString() });
    await audit(trx, { ...entry, action: 'question.archive', after: { status: 'archived', answered } }, now);
    return 'archived';
  });
}

/** An event's questions as the back office lists them: asked ones in order, then the archived, with how many answered each. */
export async function questionsOverview(ctx: ServiceContext, organizer: Organizer, slug: string) {
  mayEdit(organizer);
  const programme = await programmeOf(ctx, { slug });
  const counts = await answerCounts(
    ctx.db.knex,
    programme.questions.map((q) => q.id),
  );
  return {
    programme,
    asked: askedQuestions(programme.questions),
    archived: programme.questions.filter((q) => q.status === 'archived'),
    answered: (q: Question) => counts.get(q.id) ?? 0,
  };
}

/** One question of the organizer's events, with its programme and how many answered it. */
export async function questionForEdit(ctx: ServiceContext, organizer: Organizer, questionId: number) {
  mayEdit(organizer);
  const programme = await programmeOf(ctx, { id: await eventIdOf(ctx, questionId) });
  const question = programme.questions.find((q) => q.id === questionId);
  if (!question) throw new AppError('not_found');
  const answered = (await answerCounts(ctx.db.knex, [questionId])).get(questionId) ?? 0;
  return { programme, question, answered };
}
