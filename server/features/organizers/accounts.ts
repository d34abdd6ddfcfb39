import { activeOrganizer } from '../../db/organizers.js';
import { isUniqueViolation } from '../../db/knex.js';
import { AppError, invalid } from '../../domain/errors.js';
import type { Organizer, OrganizerRole } from '../../domain/organizers.js';
import { normalizeEmail } from '../../domain/types.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../security/passwords.js';
import { audit } from '../../db/audit.js';
import { endOtherSessions } from './webSessions.js';
import type { ServiceContext } from '../../context.js';

/** Organizer accounts: who may use the back office, in which role and regions. */

export interface NewOrganizer {
  email: string;
  name: string;
  role: OrganizerRole;
  regionIds: string[];
  password: string;
}

export async function addOrganizer(ctx: ServiceContext, input: NewOrganizer, actor: string): Promise<Organizer> {
  const email = normalizeEmail(input.email);
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
    const organizer = await activeOrganizer(ctx.db.knex, id);
    if (!organizer) throw new AppError('not_found');
    return organizer;
  } catch (err) {
    if (isUniqueViolation(err)) throw invalid({ email: 'email_taken' });
    throw err;
  }
}

/** Disables an account: its sessions end and its API tokens are revoked at once. */
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
 * Changes the organizer's own password after checking the current one; every other
 * session of the account ends (the one that changed it stays signed in).
 */
export async function changePassword(
  ctx: ServiceContext,
  organizer: Organizer,
  current: string,
  next: string,
  keepSessionToken: string,
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
    // Whoever signed in with the old password elsewhere is signed out; this browser stays.
    await endOtherSessions(trx, organizer, keepSessionToken, 'password_change', now);
  });
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
    .where('email', normalizeEmail(email))
    .whereNull('disabled_at')
    .first('id')) as { id: number } | undefined;
  return row ? activeOrganizer(ctx.db.knex, Number(row.id)) : null;
}
