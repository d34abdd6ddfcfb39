import { activeOrganizer } from '../db/organizers.js';
import type { Organizer } from '../domain/organizers.js';
import { newSecretToken, sha256Hex } from '../security/tokens.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';

/** Signed-in sessions of the back office: a random cookie, kept only as its hash. */

export const SESSION_TTL_MS = 12 * 3600_000;

/** Starts a session for an organizer who has just proved who they are; returns its cookie value. */
export async function openSession(ctx: ServiceContext, organizerId: number, now: Date): Promise<string> {
  const sessionToken = newSecretToken();
  await ctx.db.knex('web_sessions').insert({
    id_hash: sha256Hex(sessionToken),
    organizer_id: organizerId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return sessionToken;
}

export async function organizerForSession(ctx: ServiceContext, token: string): Promise<Organizer | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = ctx.clock().toISOString();
  const row = (await ctx.db
    .knex('web_sessions')
    .where('id_hash', sha256Hex(token))
    .andWhere('expires_at', '>', now)
    .first('organizer_id')) as { organizer_id: number } | undefined;
  return row ? activeOrganizer(ctx.db.knex, Number(row.organizer_id)) : null;
}

export async function logout(ctx: ServiceContext, token: string, organizer: Organizer): Promise<void> {
  await ctx.db.knex('web_sessions').where('id_hash', sha256Hex(token)).delete();
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'logout', targetType: 'organizer', targetId: organizer.id },
    ctx.clock(),
  );
}
