import { requeueFailed } from '../../db/messages.js';
import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { readMailDrop } from '../../mail/transport.js';
import { recordAccess } from './accessLog.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

/** What organizers do with outgoing mail: send a failed message again, read the local mail drop. */

export async function retryMessage(ctx: ServiceContext, organizer: Organizer, messageId: number): Promise<void> {
  const now = ctx.clock();
  if (!(await requeueFailed(ctx.db.knex, messageId, now))) throw new AppError('not_found');
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'outbox.retry', targetType: 'outbox', targetId: messageId },
    now,
  );
}

/** A message from the local mail drop (it may hold manage links: audited). */
export async function readDroppedMessage(
  ctx: ServiceContext,
  organizer: Organizer,
  dropDir: string | null,
  name: string,
): Promise<Buffer> {
  const body = dropDir ? readMailDrop(dropDir, name) : null;
  if (!body) throw new AppError('not_found');
  await recordAccess(
    ctx.db.knex,
    { actor: organizer.email, action: 'maildrop.view', targetType: 'mail', targetId: name },
    ctx.clock(),
  );
  return body;
}
