import type { Conn } from './knex.js';
import { chosenKeys, parseAnswer, type AnswerValue, type Question } from '../domain/questions.js';

/**
 * What organizers count about answers: how many answered each question (the
 * back office's list, the rules of editing) and what active registrations chose (the report).
 */

/** How many registrations answered each question (any registration, cancelled ones too). */
export async function answerCounts(db: Conn, questionIds: readonly number[]): Promise<Map<number, number>> {
  if (questionIds.length === 0) return new Map();
  const rows = (await db('registration_answers')
    .whereIn('question_id', questionIds)
    .groupBy('question_id')
    .select('question_id')
    .count({ n: '*' })) as { question_id: number; n: number | string }[];
  return new Map(rows.map((r) => [Number(r.question_id), Number(r.n)]));
}

/** The option keys anybody ever chose in answers to a question. */
export async function chosenKeysOf(db: Conn, question: Question): Promise<Set<string>> {
  const rows = (await db('registration_answers').where('question_id', question.id).select('value')) as {
    value: string;
  }[];
  const keys = new Set<string>();
  for (const r of rows) for (const k of chosenKeys(question, parseAnswer(String(r.value)))) keys.add(k);
  return keys;
}

/**
 * The answers of an event's active registrations (a coordinator's regions only, when
 * given): the report counts choices among the people who still take part.
 */
export async function answersOfActive(
  db: Conn,
  eventId: number,
  regionIds?: readonly string[],
): Promise<{ questionId: number; value: AnswerValue }[]> {
  const q = db('registration_answers')
    .join('registrations', 'registrations.id', 'registration_answers.registration_id')
    .where('registrations.event_id', eventId)
    .andWhere('registrations.status', 'active');
  if (regionIds) void q.whereIn('registrations.region_id', regionIds);
  const rows = (await q.select('registration_answers.question_id', 'registration_answers.value')) as {
    question_id: number;
    value: string;
  }[];
  return rows.flatMap((r) => {
    const value = parseAnswer(String(r.value));
    return value === undefined ? [] : [{ questionId: Number(r.question_id), value }];
  });
}
