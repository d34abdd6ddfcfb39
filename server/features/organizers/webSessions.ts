import type { Tx } from '../../db/knex.js';
import { activeOrganizer } from '../../db/organizers.js';
import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { newSecretToken, sha256Hex } from '../../security/tokens.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

/** Signed-in sessions of the back office: a random cookie, kept only as its hash. */

export const SESSION_TTL_MS = 12 * 3600_000;

/** "Last seen" is written at most this often, so that reading pages does not mean writing. */
const LAST_SEEN_STEP_MS = 60_000;

/** A session as the account page shows it. */
export interface SessionView {
  /** Names the session in links; derived from its hash, so it cannot be used to sign in. */
  handle: string;
  createdAt: string;
  lastSeenAt: string;
  client: string | null;
  /** The session the page is looked at with. */
  current: boolean;
}

const handleOf = (idHash: string): string => sha256Hex(`session:${idHash}`).slice(0, 32);

/** Starts a session for an organizer who has just proved who they are; returns its cookie value. */
export async function openSession(
  ctx: ServiceContext,
  organizerId: number,
  now: Date,
  client: string | null = null,
): Promise<string> {
  const sessionToken = newSecretToken();
  await ctx.db.knex('web_sessions').insert({
    id_hash: sha256Hex(sessionToken),
    organizer_id: organizerId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    last_seen_at: now.toISOString(),
    client: client?.slice(0, 100) ?? null,
  });
  return sessionToken;
}

export async function organizerForSession(ctx: ServiceContext, token: string): Promise<Organizer | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = ctx.clock();
  const idHash = sha256Hex(token);
  const row = (await ctx.db
    .knex('web_sessions')
    .where('id_hash', idHash)
    .andWhere('expires_at', '>', now.toISOString())
    .first('organizer_id', 'last_seen_at')) as { organizer_id: number; last_seen_at: string | null } | undefined;
  if (!row) return null;
  if (!row.last_seen_at || Date.parse(row.last_seen_at) <= now.getTime() - LAST_SEEN_STEP_MS) {
    await ctx.db.knex('web_sessions').where('id_hash', idHash).update({ last_seen_at: now.toISOString() });
  }
  return activeOrganizer(ctx.db.knex, Number(row.organizer_id));
}

export async function logout(ctx: ServiceContext, token: string, organizer: Organizer): Promise<void> {
  await ctx.db.knex('web_sessions').where('id_hash', sha256Hex(token)).delete();
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'logout', targetType: 'organizer', targetId: organizer.id },
    ctx.clock(),
  );
}

interface SessionRow {
  id_hash: string;
  created_at: string;
  last_seen_at: string | null;
  client: string | null;
}

/** The organizer's sessions that have not expired, newest first; `currentToken` marks the one in use. */
export async function listSessions(
  ctx: ServiceContext,
  organizerId: number,
  currentToken: string,
): Promise<SessionView[]> {
  const rows = (await ctx.db
    .knex('web_sessions')
    .where('organizer_id', organizerId)
    .andWhere('expires_at', '>', ctx.clock().toISOString())
    .orderBy('created_at', 'desc')
    .select('id_hash', 'created_at', 'last_seen_at', 'client')) as SessionRow[];
  const current = sha256Hex(currentToken);
  return rows.map((r) => ({
    handle: handleOf(r.id_hash),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at ?? r.created_at,
    client: r.client,
    current: r.id_hash === current,
  }));
}

/** One of the organizer's own sessions by its handle; not_found for anyone else's. */
export async function sessionOf(
  ctx: ServiceContext,
  organizer: Organizer,
  handle: string,
  currentToken: string,
): Promise<SessionView> {
  const found = (await listSessions(ctx, organizer.id, currentToken)).find((s) => handle === s.handle);
  if (!found) throw new AppError('not_found');
  return found;
}

/** Ends one of the organizer's own sessions (signs that browser out), with an audit entry. */
export async function endSession(ctx: ServiceContext, organizer: Organizer, handle: string): Promise<void> {
  const now = ctx.clock();
  const rows = (await ctx.db.knex('web_sessions').where('organizer_id', organizer.id).select('id_hash')) as {
    id_hash: string;
  }[];
  const idHash = rows.find((r) => handleOf(r.id_hash) === handle)?.id_hash;
  if (!idHash) throw new AppError('not_found');
  await ctx.db.knex.transaction(async (trx) => {
    await trx('web_sessions').where({ id_hash: idHash, organizer_id: organizer.id }).delete();
    await audit(
      trx,
      { actor: organizer.email, action: 'session.end', targetType: 'web_session', targetId: handle },
      now,
    );
  });
}

/**
 * Ends every session of the account but the one given (after a password change), each
 * with an audit entry; inside the caller's transaction.
 */
export async function endOtherSessions(
  trx: Tx,
  organizer: Organizer,
  keepToken: string,
  reason: string,
  now: Date,
): Promise<number> {
  const keep = sha256Hex(keepToken);
  const rows = (await trx('web_sessions')
    .where('organizer_id', organizer.id)
    .andWhereNot('id_hash', keep)
    .select('id_hash')) as { id_hash: string }[];
  if (rows.length === 0) return 0;
  await trx('web_sessions')
    .whereIn(
      'id_hash',
      rows.map((r) => r.id_hash),
    )
    .delete();
  for (const r of rows) {
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'session.end',
        targetType: 'web_session',
        targetId: handleOf(r.id_hash),
        after: { reason },
      },
      now,
    );
  }
  return rows.length;
}
