import { activeOrganizer } from '../../db/organizers.js';
import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { newSecretToken, sha256Hex } from '../../security/tokens.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

/** Bearer tokens of the organizer API: shown once, kept only as their hash, revocable. */

export interface ApiTokenView {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function createApiToken(
  ctx: ServiceContext,
  organizerId: number,
  name: string,
  actor: string,
): Promise<string> {
  const token = `evt_${newSecretToken()}`;
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const [row] = (await trx('api_tokens')
      .insert({
        organizer_id: organizerId,
        name: name.trim().slice(0, 100) || 'token',
        token_hash: sha256Hex(token),
        created_at: now.toISOString(),
      })
      .returning('id')) as { id: number }[];
    await audit(
      trx,
      { actor, action: 'token.create', targetType: 'api_token', targetId: row?.id, after: { organizerId, name } },
      now,
    );
  });
  return token;
}

export async function organizerForApiToken(ctx: ServiceContext, token: string): Promise<Organizer | null> {
  if (!/^evt_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = (await ctx.db
    .knex('api_tokens')
    .where('token_hash', sha256Hex(token))
    .whereNull('revoked_at')
    .first('id', 'organizer_id')) as { id: number; organizer_id: number } | undefined;
  if (!row) return null;
  await ctx.db.knex('api_tokens').where('id', row.id).update({ last_used_at: ctx.clock().toISOString() });
  return activeOrganizer(ctx.db.knex, Number(row.organizer_id));
}

export async function listApiTokens(ctx: ServiceContext, organizerId: number): Promise<ApiTokenView[]> {
  const rows = (await ctx.db.knex('api_tokens').where('organizer_id', organizerId).orderBy('id', 'desc')) as Record<
    string,
    string | null
  >[];
  return rows.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    createdAt: String(r.created_at),
    lastUsedAt: r.last_used_at ?? null,
    revokedAt: r.revoked_at ?? null,
  }));
}

/** A token the organizer may revoke (an admin: anyone's), for its confirmation page. */
export async function revocableApiToken(
  ctx: ServiceContext,
  organizer: Organizer,
  tokenId: number,
): Promise<ApiTokenView> {
  const q = ctx.db.knex('api_tokens').where('id', tokenId).whereNull('revoked_at');
  if (organizer.role !== 'admin') void q.andWhere('organizer_id', organizer.id);
  const r = (await q.first()) as Record<string, string | null> | undefined;
  if (!r) throw new AppError('not_found');
  return {
    id: Number(r.id),
    name: String(r.name),
    createdAt: String(r.created_at),
    lastUsedAt: r.last_used_at ?? null,
    revokedAt: null,
  };
}

export async function revokeApiToken(ctx: ServiceContext, organizer: Organizer, tokenId: number): Promise<void> {
  const now = ctx.clock();
  const q = ctx.db.knex('api_tokens').where('id', tokenId).whereNull('revoked_at');
  if (organizer.role !== 'admin') void q.andWhere('organizer_id', organizer.id);
  const changed = await q.update({ revoked_at: now.toISOString() });
  if (changed === 0) throw new AppError('not_found');
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'token.revoke', targetType: 'api_token', targetId: tokenId },
    now,
  );
}
