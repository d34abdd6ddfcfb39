import { AppError } from '../domain/errors.js';
import { normalizeEmail } from '../domain/types.js';
import type { ServiceContext } from './context.js';
import { rotateManageLink } from './manageLink.js';

/** "I lost my link": answers the same whether or not the e-mail is registered. */
export async function sendLostLink(ctx: ServiceContext, slug: string, email: string): Promise<void> {
  const event = (await ctx.db.knex('events').where({ slug, status: 'published' }).first('id')) as
    { id: number } | undefined;
  if (!event) throw new AppError('not_found');
  const row = (await ctx.db
    .knex('registrations')
    .where({ event_id: event.id, email_normalized: normalizeEmail(email), status: 'active' })
    .first('id')) as { id: number } | undefined;
  if (row) await rotateManageLink(ctx, Number(row.id), 'lost');
}
