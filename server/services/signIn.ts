import { activeOrganizer } from '../db/organizers.js';
import { AppError } from '../domain/errors.js';
import type { Organizer } from '../domain/organizers.js';
import { normalizeEmail } from '../domain/types.js';
import { verifyPassword } from '../security/passwords.js';
import { sha256Hex } from '../security/tokens.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { openSession } from './organizerSessions.js';
import { claimAttempt, clearAttempts, throttled } from './loginThrottle.js';
import { RateLimiter } from './rateLimit.js';

/** Failed sign-ins one client address may make across all accounts in a window. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMIT_PER_IP = 50;

/** Checked when there is no account, so that timing does not tell whether one exists. */
const NO_ACCOUNT_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Checks a password, throttled per (account, client address) with growing waits
 * (services/loginThrottle.ts) and per address across accounts with a much higher cap:
 * nobody can lock an organizer out by typing their address, since the organizer's own
 * address has its own count. A throttled attempt answers 429 with the real wait before
 * the password is even looked at. A right password opens a session (`client` names the
 * browser on the account page).
 */
export async function login(
  ctx: ServiceContext,
  email: string,
  password: string,
  ip: string,
  client: string | null = null,
): Promise<{ organizer: Organizer; sessionToken: string }> {
  const limiter = new RateLimiter(ctx.db.knex);
  const now = ctx.clock();
  // Hashed: the counters keep no e-mail addresses, and any bytes make a safe key.
  const pair = `login:${sha256Hex(`${normalizeEmail(email)}\n${ip}`)}`;
  const address = `login:ip:${ip}`;
  if ((await limiter.count(address, LOGIN_WINDOW_MS, now)) >= LOGIN_LIMIT_PER_IP) {
    throw throttled(now.getTime() + limiter.retryAfter(LOGIN_WINDOW_MS, now) * 1000, now);
  }
  await claimAttempt(ctx.db.knex, pair, now);
  const wellFormed = !/[\u0000-\u001f]/.test(email);
  const row = (
    wellFormed
      ? await ctx.db.knex('organizers').where('email', normalizeEmail(email)).whereNull('disabled_at').first()
      : undefined
  ) as { id: number; password_hash: string } | undefined;
  const ok = await verifyPassword(password, row?.password_hash ?? NO_ACCOUNT_HASH);
  if (!row || !ok) {
    await limiter.hit(address, LOGIN_WINDOW_MS, now);
    await audit(
      ctx.db.knex,
      { actor: normalizeEmail(email), action: 'login.fail', targetType: 'organizer', targetId: row?.id ?? null },
      now,
    );
    throw new AppError('unauthorized', { email: 'wrong_login' });
  }
  await clearAttempts(ctx.db.knex, pair);
  const sessionToken = await openSession(ctx, Number(row.id), now, client);
  const organizer = await activeOrganizer(ctx.db.knex, Number(row.id));
  if (!organizer) throw new AppError('unauthorized');
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'login', targetType: 'organizer', targetId: organizer.id },
    now,
  );
  return { organizer, sessionToken };
}
