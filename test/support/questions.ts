import type { Knex } from 'knex';
import { insertQuestion, type QuestionFields } from '../../server/db/questions.js';
import type { QuestionType } from '../../server/domain/questions.js';

/** The ids of the questions `askOneOfEachType` added, by type. */
export type QuestionIds = Record<QuestionType, number>;

const text = (lv: string, en: string) => ({ lv, en });

/**
 * One question of every type for an event, in this order (the participant-flow tests of
 * ): a required short text, an optional long text, a required single choice with a
 * retired option, an optional multiple choice, a required yes/no and an optional number
 * from 0 to 40 (the multiple choice has no English labels: the form falls back to Latvian).
 */
export async function askOneOfEachType(db: Knex, eventId: number, at = new Date().toISOString()): Promise<QuestionIds> {
  const base = { help: text('', ''), options: [], min: null, max: null };
  const questions: [QuestionType, QuestionFields][] = [
    [
      'short_text',
      { ...base, type: 'short_text', required: true, label: text('Amats skolā', 'Your position at school') },
    ],
    [
      'long_text',
      {
        ...base,
        type: 'long_text',
        required: false,
        label: text('Piekļūstamības vajadzības', 'Access needs'),
        help: text(
          'Piemēram, surdotulks vai ratiņkrēsla pieeja.',
          'For example, a sign interpreter or step-free access.',
        ),
      },
    ],
    [
      'single_choice',
      {
        ...base,
        type: 'single_choice',
        required: true,
        label: text('Skolas veids', 'Type of school'),
        options: [
          { key: 'pamatskola', label: text('Pamatskola', 'Primary school'), retired: false },
          { key: 'vidusskola', label: text('Vidusskola', 'Secondary school'), retired: false },
          { key: 'vakarskola', label: text('Vakarskola', 'Evening school'), retired: true },
        ],
      },
    ],
    [
      'multiple_choice',
      {
        ...base,
        type: 'multiple_choice',
        required: false,
        label: text('Klases, ar kurām strādājat', ''),
        options: [
          { key: '1-4', label: text('1.–4. klase', ''), retired: false },
          { key: '5-9', label: text('5.–9. klase', ''), retired: false },
          { key: '10-12', label: text('10.–12. klase', ''), retired: false },
        ],
      },
    ],
    [
      'yes_no',
      { ...base, type: 'yes_no', required: true, label: text('Vai esat klases audzinātājs?', 'Are you a form tutor?') },
    ],
    [
      'number',
      {
        ...base,
        type: 'number',
        required: false,
        label: text('Darba stāžs gados', 'Years of work experience'),
        min: 0,
        max: 40,
      },
    ],
  ];
  const ids = {} as QuestionIds;
  for (const [type, fields] of questions) ids[type] = await insertQuestion(db, eventId, fields, at);
  return ids;
}

/**
 * Answers to an event's required questions, each with the first option on offer (or a
 * word, a yes, the smallest number): what a test registering for the demo course must add.
 */
export async function requiredAnswers(db: Knex, slug: string): Promise<Record<string, string | string[]>> {
  const rows = (await db('event_questions')
    .join('events', 'events.id', 'event_questions.event_id')
    .where({ 'events.slug': slug, 'event_questions.required': true, 'event_questions.status': 'active' })
    .select('event_questions.id', 'event_questions.type', 'event_questions.options', 'event_questions.min_value')) as {
    id: number;
    type: QuestionType;
    options: string;
    min_value: number | null;
  }[];
  const first = (options: string): string =>
    (JSON.parse(options) as { key: string; retired?: boolean }[]).find((o) => !o.retired)?.key ?? '';
  const answerTo = (r: (typeof rows)[number]): string | string[] => {
    if (r.type === 'multiple_choice') return [first(r.options)];
    if (r.type === 'single_choice') return first(r.options);
    if (r.type === 'yes_no') return 'yes';
    if (r.type === 'number') return String(r.min_value ?? 1);
    return 'Atbilde';
  };
  return Object.fromEntries(rows.map((r) => [String(r.id), answerTo(r)]));
}
