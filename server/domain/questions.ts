import type { FieldErrors } from './errors.js';
import { safeLine, safeText } from './text.js';
import type { Lang } from './time.js';
import type { Text } from './lang.js';

/**
 * An event's own registration questions and the rule for their answers: one
 * checker for the HTML form, the JSON API and the manage page.
 */
export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'number',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface QuestionOption {
  /** Stable for the option's life: answers keep the key, never the label. */
  key: string;
  label: Text;
  /** Taken away after people chose it: no longer offered, still named in their answers. */
  retired: boolean;
}

export interface Question {
  id: number;
  eventId: number;
  sort: number;
  type: QuestionType;
  required: boolean;
  label: Text;
  help: Text;
  options: QuestionOption[];
  /** Bounds of a number answer (whole numbers), either may be absent. */
  min: number | null;
  max: number | null;
  /** archived: taken away after people answered; not asked, their answers still shown. */
  status: 'active' | 'archived';
}

/** A stored answer: text, the chosen option key(s), yes (true) or no (false), a number. */
export type AnswerValue = string | string[] | boolean | number;
/** Answers of one registration by question id. */
export type Answers = Map<number, AnswerValue>;

export const SHORT_TEXT_MAX = 300;
export const LONG_TEXT_MAX = 2000;

/** "12", "-3", "1.5", "1,5" (a Latvian decimal comma), at most two decimals. */
const NUMBER = /^-?\d{1,9}([.,]\d{1,2})?$/;

/** The questions a person is asked, in order. */
export const askedQuestions = (questions: readonly Question[]): Question[] =>
  questions.filter((q) => q.status === 'active').sort((a, b) => a.sort - b.sort || a.id - b.id);

/** The options a person may choose now. */
export const offeredOptions = (q: Question): QuestionOption[] => q.options.filter((o) => !o.retired);

/** The field an answer's error is reported under: `answers.<question id>`. */
export const answerField = (questionId: number): string => `answers.${questionId}`;

/** What a required question left blank says: to write, or to choose. */
const REQUIRED: Record<QuestionType, string> = {
  short_text: 'required',
  long_text: 'required',
  number: 'required',
  single_choice: 'choose_one',
  yes_no: 'choose_one',
  multiple_choice: 'choose_some',
};

type Checked = { value: AnswerValue | null } | { error: string };

const isBlank = (raw: unknown): boolean =>
  raw === undefined ||
  raw === null ||
  (typeof raw === 'string' && raw.trim() === '') ||
  (Array.isArray(raw) && raw.every((v) => typeof v === 'string' && v.trim() === ''));

function checkOne(q: Question, raw: unknown): Checked {
  if (isBlank(raw)) return q.required ? { error: REQUIRED[q.type] } : { value: null };
  switch (q.type) {
    case 'short_text':
    case 'long_text': {
      if (typeof raw !== 'string') return { error: 'invalid' };
      // One kind of line break whatever the browser sent (a form's textarea sends CRLF).
      const text = raw.replace(/\r\n?/g, '\n').trim();
      const max = q.type === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
      if (text.length > max) return { error: `too_long:${max}` };
      if (!(q.type === 'short_text' ? safeLine : safeText)(text)) return { error: 'invalid_characters' };
      return { value: text };
    }
    case 'single_choice': {
      const offered = offeredOptions(q);
      if (typeof raw !== 'string' || !offered.some((o) => o.key === raw)) return { error: 'invalid_choice' };
      return { value: raw };
    }
    case 'multiple_choice': {
      const chosen = (Array.isArray(raw) ? raw : [raw]).filter((v) => !(typeof v === 'string' && v.trim() === ''));
      const offered = offeredOptions(q);
      if (!chosen.every((v) => typeof v === 'string' && offered.some((o) => o.key === v))) {
        return { error: 'invalid_choice' };
      }
      // In the options' order, each once.
      return { value: offered.filter((o) => chosen.includes(o.key)).map((o) => o.key) };
    }
    case 'yes_no': {
      if (raw === true || raw === 'yes') return { value: true };
      if (raw === false || raw === 'no') return { value: false };
      return { error: 'invalid_choice' };
    }
    case 'number': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (typeof raw === 'number' ? !Number.isFinite(raw) : !NUMBER.test(text)) return { error: 'invalid_number' };
      const value = Number(text.replace(',', '.'));
      if (!Number.isFinite(value) || Math.abs(value) >= 1e9) return { error: 'invalid_number' };
      if (q.min !== null && value < q.min) return { error: `too_small:${q.min}` };
      if (q.max !== null && value > q.max) return { error: `too_large:${q.max}` };
      return { value };
    }
  }
}

/**
 * Checks what a person answered (`raw`: question id, as a string or a number, to a value
 * as the form or the API sends it) against the questions asked. A value may come as the
 * API types it or as a form's text ("yes"/"no", "1,5", one option key or several). An
 * unknown question is an error of its own field; a question left out is unanswered.
 * `answers` holds the answered ones only.
 */
export function checkAnswers(
  questions: readonly Question[],
  raw: Readonly<Record<string, unknown>>,
): { answers: Answers; fields: FieldErrors } {
  const asked = askedQuestions(questions);
  const fields: FieldErrors = {};
  const answers: Answers = new Map();
  for (const key of Object.keys(raw)) {
    if (!asked.some((q) => String(q.id) === key)) fields[`answers.${key.slice(0, 12)}`] = 'unknown_question';
  }
  for (const q of asked) {
    const checked = checkOne(q, raw[String(q.id)]);
    if ('error' in checked) fields[answerField(q.id)] = checked.error;
    else if (checked.value !== null) answers.set(q.id, checked.value);
  }
  return { answers, fields };
}

/** How an answer reads to a person or in an export: option labels, "Jā"/"Nē", a number with a decimal comma in Latvian. */
export function answerText(q: Question, value: AnswerValue | undefined, lang: Lang): string {
  if (value === undefined) return '';
  const labelOf = (key: string): string => {
    const option = q.options.find((o) => o.key === key);
    return option ? option.label[lang] || option.label.lv : key;
  };
  if (typeof value === 'boolean') return value ? (lang === 'lv' ? 'Jā' : 'Yes') : lang === 'lv' ? 'Nē' : 'No';
  if (typeof value === 'number') return lang === 'lv' ? String(value).replace('.', ',') : String(value);
  if (Array.isArray(value)) return value.map(labelOf).join('; ');
  return q.type === 'single_choice' ? labelOf(value) : value;
}

/** The keys of the options an answer chose (for counting per choice). */
export function chosenKeys(q: Question, value: AnswerValue | undefined): string[] {
  if (value === undefined) return [];
  if (q.type === 'yes_no') return [value === true ? 'yes' : 'no'];
  if (Array.isArray(value)) return value;
  return q.type === 'single_choice' && typeof value === 'string' ? [value] : [];
}

/** Reads a stored answer back (JSON text); anything unreadable is no answer. */
export function parseAnswer(json: string): AnswerValue | undefined {
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    // fall through
  }
  return undefined;
}

/** One option row of the questions form: an existing option by its key, or a new one (key null). */
export interface OptionInput {
  key: string | null;
  lv: string;
  en: string;
  /** The "remove" box of an existing option. */
  remove: boolean;
}
