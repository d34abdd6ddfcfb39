import { findRegistrationById } from '../db/registrations.js';
import { AppError } from '../domain/errors.js';
import { enqueue } from '../mail/outbox.js';
import { TokenVault } from '../security/tokens.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';

/**
 * Issues a new manage link and e-mails it; the old link stops working at once (the
 * person asked because it may have leaked).
 */
export async function rotateManageLink(
  ctx: ServiceContext,
  registrationId: number,
  reason: 'asked' | 'lost',
): Promise<void> {
  const registration = await findRegistrationById(ctx.db.knex, registrationId);
  if (!registration || registration.status !== 'active') throw new AppError('not_found');
  const token = TokenVault.create();
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await trx('registrations')
      .where('id', registrationId)
      .update({
        token_hash: TokenVault.hash(token),
        token_sealed: ctx.tokens.seal(token),
        updated_at: now.toISOString(),
      });
    await enqueue(
      trx,
      {
        kind: 'manage_link',
        to: registration.email,
        language: registration.language,
        registrationId,
        payload: { rotated: true, reason },
      },
      now,
      ctx.mailDomain,
    );
    await audit(
      trx,
      {
        actor: 'participant',
        action: 'token.rotate',
        targetType: 'registration',
        targetId: registrationId,
        after: { reason },
      },
      now,
    );
  });
}
