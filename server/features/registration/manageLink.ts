import { findRegistrationById, type SealedRegistration } from '../../db/registrations.js';
import { asSql, type Sql, type SqlConn } from '../../db/sql.js';
import type { Programme } from '../../domain/types.js';
import { AppError } from '../../domain/errors.js';
import { enqueue } from '../../mail/outbox.js';
import { TokenVault } from '../../security/tokens.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

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

/** How many link e-mails went to a registration within the window (whatever asked for them). */
async function linkMailsSince(sql: Sql, registrationId: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - LINK_MAIL_WINDOW_MS).toISOString();
  const [row] = await sql.all<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM outbox
      WHERE registration_id = ? AND kind IN ('manage_link', 'registered_again') AND created_at > ?`,
    [registrationId, since],
  );
  return Number(row?.n ?? 0);
}

/** The registration's link, opened from its sealed copy; a new one if the app secret changed since. */
async function currentToken(ctx: ServiceContext, sql: Sql, registration: SealedRegistration): Promise<void> {
  if (ctx.tokens.unseal(registration.tokenSealed)) return;
  // The app secret changed since: the old link cannot be recovered, so issue a new one.
  const token = TokenVault.create();
  await sql.run('UPDATE registrations SET token_hash = ?, token_sealed = ? WHERE id = ?', [
    TokenVault.hash(token),
    ctx.tokens.seal(token),
    registration.id,
  ]);
}

/**
 * E-mails a person their existing manage link again (the lost-link form). The link itself
 * does not change: only its owner renews it, on the manage page. Whoever asks, at most a
 * few such e-mails an hour reach one mailbox; past that nothing more is sent, and nobody
 * is refused anything, since no limit keyed on an address that anyone can type may lock
 * its owner out.
 */
export async function resendManageLink(
  ctx: ServiceContext,
  conn: SqlConn,
  registration: SealedRegistration,
  now: Date,
): Promise<boolean> {
  const sql = asSql(conn);
  if ((await linkMailsSince(sql, registration.id, now)) >= LINK_MAILS_PER_WINDOW) return false;
  await currentToken(ctx, sql, registration);
  await enqueue(
    sql,
    {
      kind: 'manage_link',
      to: registration.email,
      language: registration.language,
      registrationId: registration.id,
      payload: {},
    },
    now,
    ctx.mailDomain,
  );
  return true;
}

/**
 * Someone registered an address that already has a registration for the event: the
 * address is told so (when, and how to undo it) with its link — and only the address
 * (DESIGN rule 10). A link that was ever handed to whoever sent a request (an answer with
 * `manageUrl`, with address confirmation off) may be a stranger's: it ends here, and the
 * address gets a new one. A link only ever e-mailed to the address stays as it is (rule 8:
 * a person's link changes only by their own choice). At most a few such e-mails an hour
 * reach one mailbox; past that nothing is sent and nothing changes.
 */
export async function registeredAgain(
  ctx: ServiceContext,
  conn: SqlConn,
  registration: SealedRegistration,
  programme: Programme,
  now: Date,
): Promise<void> {
  const sql = asSql(conn);
  if ((await linkMailsSince(sql, registration.id, now)) >= LINK_MAILS_PER_WINDOW) return;
  const rotated = !registration.linkMailedOnly;
  if (rotated) {
    const token = TokenVault.create();
    await sql.run(
      'UPDATE registrations SET token_hash = ?, token_sealed = ?, link_mailed_only = 1, updated_at = ? WHERE id = ?',
      [TokenVault.hash(token), ctx.tokens.seal(token), now.toISOString(), registration.id],
    );
    await audit(
      sql,
      {
        actor: 'participant',
        action: 'token.rotate',
        targetType: 'registration',
        targetId: registration.id,
        after: { reason: 'registered_again' },
      },
      now,
    );
  } else await currentToken(ctx, sql, registration);
  await enqueue(
    sql,
    {
      kind: 'registered_again',
      to: registration.email,
      language: registration.language,
      registrationId: registration.id,
      payload: { at: now.toISOString(), rotated, event: programme.event.id },
    },
    now,
    ctx.mailDomain,
  );
}
