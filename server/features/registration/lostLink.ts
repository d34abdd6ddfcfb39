import { findActiveByEmail } from '../../db/registrations.js';
import { AppError } from '../../domain/errors.js';
import { normalizeEmail } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import { resendManageLink } from './manageLink.js';

/**
 * "I lost my link": the existing link is e-mailed again (a stranger who knows the address
 * cannot break it); the answer is the same whether or not the e-mail is registered.
 */
export async function sendLostLink(ctx: ServiceContext, slug: string, email: string): Promise<void> {
  const event = (await ctx.db.knex('events').where({ slug, status: 'published' }).first('id')) as
    { id: number } | undefined;
  if (!event) throw new AppError('not_found');
  const registration = await findActiveByEmail(ctx.db.knex, Number(event.id), normalizeEmail(email));
  if (registration) await resendManageLink(ctx, ctx.db.knex, registration, ctx.clock());
}
