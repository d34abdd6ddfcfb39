import { participantDataOf, saveParticipantData, withdrawSpecialCategories } from '../../db/participantData.js';
import { AppError } from '../../domain/errors.js';
import { UNDISCLOSED, type ParticipantData } from '../../domain/participantData.js';
import type { ServiceContext } from '../../context.js';
import type { ParticipantDataBody } from '../../http/schemas.js';
import { keptParticipantData, viewRegistration, type RegistrationView } from './register.js';

/** Whether the registration behind a manage link holds ESF+ disadvantage answers given with their consent. */
export async function hasSpecialConsent(ctx: ServiceContext, registrationId: number): Promise<boolean> {
  return (await participantDataOf(ctx.db.knex, registrationId))?.disadvantages != null;
}

/**
 * The person withdraws the explicit consent to the ESF+ disadvantage answers (GDPR Art. 9,
 * Art. 7(3): as easy as giving it): the answers and the consent's time are deleted; the
 * four other answers stay, and from now on the person counts as "undisclosed" in them.
 */
export async function withdrawSpecialConsent(ctx: ServiceContext, token: string): Promise<void> {
  const { registration } = await viewRegistration(ctx, token);
  if (!(await hasSpecialConsent(ctx, registration.id))) throw new AppError('not_found');
  await withdrawSpecialCategories(ctx.db.knex, registration.id, ctx.clock().toISOString());
}

/**
 * The registration behind a manage link whose event asks for ESF+ participant data, with
 * what it told (nothing told reads as all "prefer not to say"). Not found where the event
 * does not ask.
 */
export async function participantDataToChange(
  ctx: ServiceContext,
  token: string,
): Promise<{ view: RegistrationView; data: ParticipantData }> {
  const view = await viewRegistration(ctx, token);
  if (!view.programme.event.participantData) throw new AppError('not_found');
  return { view, data: (await participantDataOf(ctx.db.knex, view.registration.id)) ?? UNDISCLOSED };
}

/**
 * The person changes their ESF+ answers from their page; the report counts them by the
 * latest. The disadvantage answers are kept only with the consent, as on the form: a
 * consent already given keeps its time, one given now is timed now, and sending them
 * without it (every flag "prefer not to say") deletes them with the consent.
 */
export async function changeParticipantData(
  ctx: ServiceContext,
  token: string,
  body: ParticipantDataBody,
): Promise<void> {
  const { view, data } = await participantDataToChange(ctx, token);
  const at = ctx.clock().toISOString();
  const kept = keptParticipantData(body, at);
  if (kept.disadvantages && data.disadvantages) kept.disadvantages.consentAt = data.disadvantages.consentAt;
  await saveParticipantData(ctx.db.knex, view.registration.id, kept, at);
}
