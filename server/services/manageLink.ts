import { findRegistrationById, type SealedRegistration } from '../db/registrations.js';
import { asSql, type SqlConn } from '../db/sql.js';
import { AppError } from '../domain/errors.js';
import { enqueue } from '../mail/outbox.js';
import { TokenVault } from '../security/tokens.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';

/**
 * Issues a new manage link and e-mails it; the old link stops working at once (the
 * person asked because it may have leaked).
 */
export async function rotateManageLink(ctx: ServiceContext, registrationId: number, reason: 'asked'): Promise<void> {
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

/** At most this many link e-mails go to one registration within LINK_MAIL_WINDOW_MS. */
export const LINK_MAILS_PER_WINDOW = 3;
export const LINK_MAIL_WINDOW_MS = 60 * 60_000;

/**
 * E-mails a person their existing manage link again (a second registration with their
 * address, the lost-link form). The link itself does not change: only its owner renews
 * it, on the manage page. Whoever asks, at most a few such e-mails an hour reach one
 * mailbox; past that nothing more is sent, and nobody is refused anything, since no
 * limit keyed on an address that anyone can type may lock its owner out.
 */
export async function resendManageLink(
  ctx: ServiceContext,
  conn: SqlConn,
  registration: SealedRegistration,
  now: Date,
): Promise<boolean> {
  const sql = asSql(conn);
  const since = new Date(now.getTime() - LINK_MAIL_WINDOW_MS).toISOString();
  const [row] = await sql.all<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM outbox WHERE registration_id = ? AND kind = 'manage_link' AND created_at > ?`,
    [registration.id, since],
  );
  if (Number(row?.n ?? 0) >= LINK_MAILS_PER_WINDOW) return false;
  let token = ctx.tokens.unseal(registration.tokenSealed);
  if (!token) {
    // The app secret changed since: the old link cannot be recovered, so issue a new one.
    token = TokenVault.create();
    await sql.run('UPDATE registrations SET token_hash = ?, token_sealed = ? WHERE id = ?', [
      TokenVault.hash(token),
      ctx.tokens.seal(token),
      registration.id,
    ]);
  }
  await enqueue(
    sql,
    {
      kind: 'manage_link',
      to: registration.email,
      language: registration.language,
      registrationId: registration.id,
      payload: { token },
    },
    now,
    ctx.mailDomain,
  );
  return true;
}
