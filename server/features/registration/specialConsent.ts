import { participantDataOf, withdrawSpecialCategories } from '../../db/participantData.js';
import { AppError } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { viewRegistration } from './register.js';

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
