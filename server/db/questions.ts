import type { Conn } from './knex.js';
import { asSql, placeholders, type SqlConn } from './sql.js';
import { parseAnswer, type Answers, type Question, type QuestionOption } from '../domain/questions.js';

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const optInt = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function optionsFromJson(json: string): QuestionOption[] {
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return [];
    return list.map((o: Record<string, unknown>) => ({
      key: str(o.key),
      label: { lv: str(o.lv), en: str(o.en) },
      retired: o.retired === true,
    }));
  } catch {
    return [];
  }
}

export const optionsToJson = (options: readonly QuestionOption[]): string =>
  JSON.stringify(options.map((o) => ({ key: o.key, lv: o.label.lv, en: o.label.en, retired: o.retired })));

export function questionFromRow(r: Row): Question {
  return {
    id: Number(r.id),
    eventId: Number(r.event_id),
    sort: Number(r.sort),
    type: str(r.type) as Question['type'],
    required: Boolean(r.required),
    label: { lv: str(r.label_lv), en: str(r.label_en) },
    help: { lv: str(r.help_lv), en: str(r.help_en) },
    options: optionsFromJson(str(r.options) || '[]'),
    min: optInt(r.min_value),
    max: optInt(r.max_value),
    status: str(r.status) === 'archived' ? 'archived' : 'active',
  };
}

/** Every question of an event, archived ones too, in order. */
export async function questionsOfEvent(db: Conn, eventId: number): Promise<Question[]> {
  const rows: Row[] = await db('event_questions').where('event_id', eventId).orderBy('sort').orderBy('id');
  return rows.map(questionFromRow);
}

export type QuestionFields = Omit<Question, 'id' | 'eventId' | 'sort' | 'status'>;

const columnsOf = (q: QuestionFields) => ({
  type: q.type,
  required: q.required,
  label_lv: q.label.lv,
  label_en: q.label.en,
  help_lv: q.help.lv,
  help_en: q.help.en,
  options: optionsToJson(q.options),
  min_value: q.min,
  max_value: q.max,
});

/** Adds a question at the end of the event's list. */
export async function insertQuestion(db: Conn, eventId: number, q: QuestionFields, at: string): Promise<number> {
  const last = (await db('event_questions').where('event_id', eventId).max({ sort: 'sort' }).first()) as
    { sort: number | null } | undefined;
  const [row] = (await db('event_questions')
    .insert({
      event_id: eventId,
      sort: Number(last?.sort ?? 0) + 1,
      ...columnsOf(q),
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')) as ({ id: number } | number)[];
  return typeof row === 'object' ? Number(row.id) : Number(row);
}

export async function updateQuestion(db: Conn, id: number, q: QuestionFields, at: string): Promise<void> {
  await db('event_questions')
    .where('id', id)
    .update({ ...columnsOf(q), updated_at: at });
}

/** Answers of one registration by question id. */
export async function answersOf(db: SqlConn, registrationId: number): Promise<Answers> {
  const rows = await asSql(db).all<{ question_id: number; value: string }>(
    'SELECT question_id, value FROM registration_answers WHERE registration_id = ?',
    [registrationId],
  );
  return answersFrom(rows);
}

/** Answers of many registrations, by registration id (an export, a report). */
export async function answersOfEvent(db: Conn, eventId: number): Promise<Map<number, Answers>> {
  const rows: { registration_id: number; question_id: number; value: string }[] = await db('registration_answers')
    .join('event_questions', 'event_questions.id', 'registration_answers.question_id')
    .where('event_questions.event_id', eventId)
    .select('registration_answers.registration_id', 'registration_answers.question_id', 'registration_answers.value');
  const byRegistration = new Map<number, { question_id: number; value: string }[]>();
  for (const r of rows) {
    const id = Number(r.registration_id);
    byRegistration.set(id, [...(byRegistration.get(id) ?? []), r]);
  }
  return new Map([...byRegistration].map(([id, list]) => [id, answersFrom(list)]));
}

function answersFrom(rows: readonly { question_id: number; value: string }[]): Answers {
  const answers: Answers = new Map();
  for (const r of rows) {
    const value = parseAnswer(String(r.value));
    if (value !== undefined) answers.set(Number(r.question_id), value);
  }
  return answers;
}

/**
 * Writes a registration's answers to the questions `askedIds`: each asked question gets
 * the new answer or, left blank, none. Answers to questions not asked now (archived) stay.
 */
export async function saveAnswers(
  db: SqlConn,
  registrationId: number,
  askedIds: readonly number[],
  answers: Answers,
  at: string,
): Promise<void> {
  const sql = asSql(db);
  if (askedIds.length > 0) {
    await sql.run(
      `DELETE FROM registration_answers WHERE registration_id = ? AND question_id IN (${placeholders(askedIds.length)})`,
      [registrationId, ...askedIds],
    );
  }
  for (const [questionId, value] of answers) {
    await sql.run(
      'INSERT INTO registration_answers (registration_id, question_id, value, updated_at) VALUES (?, ?, ?, ?)',
      [registrationId, questionId, JSON.stringify(value), at],
    );
  }
}

/** Forgets the answers of registrations (erasure, the retention job). */
export async function deleteAnswers(db: Conn, registrationIds: readonly number[]): Promise<void> {
  if (registrationIds.length === 0) return;
  await db('registration_answers').whereIn('registration_id', registrationIds).delete();
}
