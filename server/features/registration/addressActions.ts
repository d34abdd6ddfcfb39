import { findRegistrationById } from '../../db/registrations.js';
import { AppError } from '../../domain/errors.js';
import type { Registration } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { TokenVault } from '../../security/tokens.js';
import type { ServiceContext } from '../../context.js';
import { eraseRegistrationOf } from './erasure.js';
import { releaseSeats } from './releaseSeats.js';

/**
 * A registration that holds an issued certificate is cancelled or erased only on its
 * address's word: whoever holds its link (it may have been handed to someone else, or
 * passed on) asks, and the address confirms from a message of its own. A certificate is
 * evidence the teacher keeps; one tap with a stranger's link must not end it.
 */

export type AddressAction = 'cancel' | 'erase';

/** How long the link in the message works. */
export const ACTION_TTL_MS = 24 * 3600_000;

/** Whether the registration holds a valid certificate, so that ending it needs its address. */
export async function needsAddress(ctx: ServiceContext, registrationId: number): Promise<boolean> {
  const row = await ctx.db.knex('certificates').where({ registration_id: registrationId, status: 'valid' }).first('id');
  return row !== undefined;
}

/** Asks the address to confirm `action`: a one-time link, valid a day, in a message to it alone. */
export async function askAddress(
  ctx: ServiceContext,
  registration: Registration,
  action: AddressAction,
): Promise<void> {
  const token = TokenVault.create();
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const [row] = (await trx('address_actions')
      .insert({
        registration_id: registration.id,
        action,
        token_hash: TokenVault.hash(token),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + ACTION_TTL_MS).toISOString(),
      })
      .returning('id')) as { id: number }[];
    await enqueue(
      trx,
      {
        kind: 'address_action',
        to: registration.email,
        language: registration.language,
        registrationId: registration.id,
        // The link's token travels sealed: the outbox keeps nothing that opens it.
        payload: { action, actionId: Number(row?.id), sealed: ctx.tokens.seal(token), at: now.toISOString() },
      },
      now,
      ctx.mailDomain,
    );
  });
}

/** The action behind a link: still unused and within its day, with its registration; else 404. */
export async function actionByToken(ctx: ServiceContext, token: string) {
  if (!TokenVault.looksValid(token)) throw new AppError('not_found');
  const row = (await ctx.db.knex('address_actions').where('token_hash', TokenVault.hash(token)).first()) as
    | { id: number; registration_id: number; action: AddressAction; expires_at: string; used_at: string | null }
    | undefined;
  if (!row || row.used_at !== null || row.expires_at <= ctx.clock().toISOString()) throw new AppError('not_found');
  const registration = await findRegistrationById(ctx.db.knex, Number(row.registration_id));
  if (!registration) throw new AppError('not_found');
  return { id: Number(row.id), action: row.action, registration };
}

/** Carries out a confirmed action once: the link is used up first, so a second click does nothing. */
export async function performAction(ctx: ServiceContext, token: string): Promise<AddressAction> {
  const { id, action, registration } = await actionByToken(ctx, token);
  const used = await ctx.db
    .knex('address_actions')
    .where({ id })
    .whereNull('used_at')
    .update({ used_at: ctx.clock().toISOString() });
  if (used === 0) throw new AppError('not_found');
  try {
    if (action === 'erase') await eraseRegistrationOf(ctx, registration);
    else if (registration.status === 'active') {
      await releaseSeats(ctx, registration, (seats) => seats.filter((s) => s.status !== 'cancelled'), {
        wholeRegistration: true,
      });
    }
  } catch (err) {
    // Not done (the database was busy, say): the link works again.
    await ctx.db.knex('address_actions').where({ id }).update({ used_at: null });
    throw err;
  }
  return action;
}
