import { createHash, randomBytes } from 'node:crypto';
import { isUniqueViolation } from '../db/knex.js';
import { AppError, invalid } from '../domain/errors.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { hashPassword, passwordProblem, verifyPassword } from '../security/passwords.js';
import { RateLimiter } from './rateLimit.js';

export type OrganizerRole = 'admin' | 'coordinator';

export interface Organizer {
  id: number;
  email: string;
  name: string;
  role: OrganizerRole;
  /** The regions a coordinator may act in; admins act everywhere. */
  regionIds: string[];
}

export const SESSION_TTL_MS = 12 * 3600_000;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMIT_PER_ACCOUNT = 5;
export const LOGIN_LIMIT_PER_IP = 50;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');
const normalize = (email: string): string => email.trim().toLowerCase();

export function canActInRegion(organizer: Organizer, regionId: string | null): boolean {
  if (organizer.role === 'admin') return true;
  return regionId !== null && organizer.regionIds.includes(regionId);
}

async function organizerById(ctx: ServiceContext, id: number): Promise<Organizer | null> {
  const row = (await ctx.db.knex('organizers').where('id', id).whereNull('disabled_at').first()) as
    { id: number; email: string; name: string; role: OrganizerRole } | undefined;
  if (!row) return null;
  const regions = (await ctx.db.knex('organizer_regions').where('organizer_id', id).select('region_id')) as {
    region_id: string;
  }[];
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: row.role,
    regionIds: regions.map((r) => r.region_id),
  };
}

export interface NewOrganizer {
  email: string;
  name: string;
  role: OrganizerRole;
  regionIds: string[];
  password: string;
}

export async function addOrganizer(ctx: ServiceContext, input: NewOrganizer, actor: string): Promise<Organizer> {
  const email = normalize(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid({ email: 'invalid_email' });
  const problem = passwordProblem(input.password);
  if (problem) throw invalid({ password: problem });
  if (input.role === 'coordinator' && input.regionIds.length === 0) throw invalid({ regionIds: 'choose_region' });
  const known = (await ctx.db.knex('regions').whereIn('id', input.regionIds).count({ n: '*' }).first()) as {
    n: number;
  };
  if (Number(known.n) !== new Set(input.regionIds).size) throw invalid({ regionIds: 'unknown_region' });
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  try {
    const id = await ctx.db.knex.transaction(async (trx) => {
      const [row] = (await trx('organizers')
        .insert({
          email,
          name: input.name.trim() || email,
          password_hash: passwordHash,
          role: input.role,
          created_at: now.toISOString(),
        })
        .returning('id')) as { id: number }[];
      const organizerId = Number(row?.id);
      if (input.role === 'coordinator') {
        await trx('organizer_regions').insert(
          [...new Set(input.regionIds)].map((region_id) => ({ organizer_id: organizerId, region_id })),
        );
      }
      await audit(
        trx,
        {
          actor,
          action: 'organizer.add',
          targetType: 'organizer',
          targetId: organizerId,
          after: { email, role: input.role, regionIds: input.regionIds },
        },
        now,
      );
      return organizerId;
    });
    const organizer = await organizerById(ctx, id);
    if (!organizer) throw new AppError('not_found');
    return organizer;
  } catch (err) {
    if (isUniqueViolation(err)) throw invalid({ email: 'email_taken' });
    throw err;
  }
}

export async function disableOrganizer(ctx: ServiceContext, id: number, actor: Organizer): Promise<void> {
  if (id === actor.id) throw new AppError('not_allowed');
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const changed = await trx('organizers')
      .where('id', id)
      .whereNull('disabled_at')
      .update({ disabled_at: now.toISOString() });
    if (changed === 0) throw new AppError('not_found');
    await trx('web_sessions').where('organizer_id', id).delete();
    await trx('api_tokens').where('organizer_id', id).whereNull('revoked_at').update({ revoked_at: now.toISOString() });
    await audit(trx, { actor: actor.email, action: 'organizer.disable', targetType: 'organizer', targetId: id }, now);
  });
}

/**
 * Checks a password with throttling per account and per address: too many failures in
 * the window answer 429 before the password is even looked at.
 */
export async function login(
  ctx: ServiceContext,
  email: string,
  password: string,
  ip: string,
): Promise<{ organizer: Organizer; sessionToken: string }> {
  const limiter = new RateLimiter(ctx.db.knex);
  const now = ctx.clock();
  // Hashed: the counters keep no addresses, and any bytes make a safe key.
  const account = `login:account:${sha256(normalize(email))}`;
  const address = `login:ip:${ip}`;
  if (
    (await limiter.count(account, LOGIN_WINDOW_MS, now)) >= LOGIN_LIMIT_PER_ACCOUNT ||
    (await limiter.count(address, LOGIN_WINDOW_MS, now)) >= LOGIN_LIMIT_PER_IP
  ) {
    throw new AppError('rate_limited');
  }
  const wellFormed = !/[\u0000-\u001f]/.test(email);
  const row = (
    wellFormed
      ? await ctx.db.knex('organizers').where('email', normalize(email)).whereNull('disabled_at').first()
      : undefined
  ) as { id: number; password_hash: string } | undefined;
  // Without an account, still spend the time of a check so timing reveals nothing.
  const ok = await verifyPassword(
    password,
    row?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  );
  if (!row || !ok) {
    await limiter.hit(account, LOGIN_WINDOW_MS, now);
    await limiter.hit(address, LOGIN_WINDOW_MS, now);
    await audit(
      ctx.db.knex,
      { actor: normalize(email), action: 'login.fail', targetType: 'organizer', targetId: row?.id ?? null },
      now,
    );
    throw new AppError('unauthorized', { email: 'wrong_login' });
  }
  await limiter.reset(account);
  const sessionToken = newToken();
  await ctx.db.knex('web_sessions').insert({
    id_hash: sha256(sessionToken),
    organizer_id: row.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  const organizer = await organizerById(ctx, Number(row.id));
  if (!organizer) throw new AppError('unauthorized');
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'login', targetType: 'organizer', targetId: organizer.id },
    now,
  );
  return { organizer, sessionToken };
}

export async function organizerForSession(ctx: ServiceContext, token: string): Promise<Organizer | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = ctx.clock().toISOString();
  const row = (await ctx.db
    .knex('web_sessions')
    .where('id_hash', sha256(token))
    .andWhere('expires_at', '>', now)
    .first('organizer_id')) as { organizer_id: number } | undefined;
  return row ? organizerById(ctx, Number(row.organizer_id)) : null;
}

export async function logout(ctx: ServiceContext, token: string, organizer: Organizer): Promise<void> {
  await ctx.db.knex('web_sessions').where('id_hash', sha256(token)).delete();
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'logout', targetType: 'organizer', targetId: organizer.id },
    ctx.clock(),
  );
}

export async function changePassword(
  ctx: ServiceContext,
  organizer: Organizer,
  current: string,
  next: string,
): Promise<void> {
  const row = (await ctx.db.knex('organizers').where('id', organizer.id).first('password_hash')) as {
    password_hash: string;
  };
  if (!(await verifyPassword(current, row.password_hash))) throw invalid({ current: 'wrong_password' });
  const problem = passwordProblem(next);
  if (problem) throw invalid({ password: problem });
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await trx('organizers')
      .where('id', organizer.id)
      .update({ password_hash: await hashPassword(next) });
    await audit(
      trx,
      { actor: organizer.email, action: 'password.change', targetType: 'organizer', targetId: organizer.id },
      now,
    );
  });
}

export async function createApiToken(
  ctx: ServiceContext,
  organizerId: number,
  name: string,
  actor: string,
): Promise<string> {
  const token = `evt_${newToken()}`;
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const [row] = (await trx('api_tokens')
      .insert({
        organizer_id: organizerId,
        name: name.trim().slice(0, 100) || 'token',
        token_hash: sha256(token),
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
    .where('token_hash', sha256(token))
    .whereNull('revoked_at')
    .first('id', 'organizer_id')) as { id: number; organizer_id: number } | undefined;
  if (!row) return null;
  await ctx.db.knex('api_tokens').where('id', row.id).update({ last_used_at: ctx.clock().toISOString() });
  return organizerById(ctx, Number(row.organizer_id));
}

export interface ApiTokenView {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
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

export async function listOrganizers(
  ctx: ServiceContext,
): Promise<(Organizer & { disabled: boolean; createdAt: string })[]> {
  const rows = (await ctx.db.knex('organizers').orderBy('email')) as Record<string, string | null>[];
  const regions = (await ctx.db.knex('organizer_regions').select('organizer_id', 'region_id')) as {
    organizer_id: number;
    region_id: string;
  }[];
  return rows.map((r) => ({
    id: Number(r.id),
    email: String(r.email),
    name: String(r.name),
    role: String(r.role) as OrganizerRole,
    regionIds: regions.filter((x) => Number(x.organizer_id) === Number(r.id)).map((x) => x.region_id),
    disabled: r.disabled_at !== null,
    createdAt: String(r.created_at),
  }));
}

export async function findOrganizerByEmail(ctx: ServiceContext, email: string): Promise<Organizer | null> {
  const row = (await ctx.db
    .knex('organizers')
    .where('email', normalize(email))
    .whereNull('disabled_at')
    .first('id')) as { id: number } | undefined;
  return row ? organizerById(ctx, Number(row.id)) : null;
}
