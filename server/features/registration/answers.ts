import { questionsOfEvent, saveAnswers } from '../../db/questions.js';
import { AppError, invalid } from '../../domain/errors.js';
import { askedQuestions, checkAnswers } from '../../domain/questions.js';
import { registrationOpen } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import { viewRegistration, type RegistrationView } from './register.js';

/**
 * A person changes their answers to the event's questions from their manage link (the
 * page or the API), by the same checker as registering: while registration is open and
 * the registration is active. Every question asked now gets the new answer or, left
 * blank, none; answers to questions no longer asked (archived) stay. The questions are
 * read again inside the transaction, so an organizer's change in between is checked
 * against, never overwritten.
 */
export async function changeAnswers(
  ctx: ServiceContext,
  token: string,
  raw: Readonly<Record<string, unknown>>,
): Promise<RegistrationView> {
  const { registration, programme } = await viewRegistration(ctx, token);
  if (registration.status !== 'active') throw new AppError('not_allowed');
  const now = ctx.clock();
  if (!registrationOpen(programme.event, now)) throw new AppError('registration_closed');
  await ctx.db.knex.transaction(async (trx) => {
    const questions = await questionsOfEvent(trx, programme.event.id);
    const { answers, fields } = checkAnswers(questions, raw);
    if (Object.keys(fields).length > 0) throw invalid(fields);
    const asked = askedQuestions(questions).map((q) => q.id);
    await saveAnswers(trx, registration.id, asked, answers, now.toISOString());
  });
  return viewRegistration(ctx, token);
}
