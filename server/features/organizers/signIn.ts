import { activeOrganizer } from '../../db/organizers.js';
import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { normalizeEmail } from '../../domain/types.js';
import { NO_ACCOUNT_HASH, verifyPassword } from '../../security/passwords.js';
import { sha256Hex } from '../../security/tokens.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { openSession } from './webSessions.js';
import { DEVICE_FAILURE_LIMIT, deviceKey, readDevices, withDevice } from './loginDevices.js';
import { claimAttempt, claimDeviceAttempt, clearAttempts, throttled } from './loginThrottle.js';
import { RateLimiter } from '../../db/rateLimiter.js';

/**
 * Wrong passwords one account may receive from untrusted clients (no device cookie for
 * it) in a window, from all addresses together: a guesser with many addresses is held
 * to this, while the owner's own browsers are never counted or slowed by it.
 */
export const UNTRUSTED_WINDOW_MS = 60 * 60_000;
export const UNTRUSTED_LIMIT_PER_ACCOUNT = 100;

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address, as Express tells it (trust proxy). */
  ip: string;
  /** Names the browser on the account page. */
  client?: string | null;
  /** The browser's device cookie, if it sent one (services/loginDevices.ts). */
  device?: string | null;
}

export interface SignedIn {
  organizer: Organizer;
  sessionToken: string;
  /** The device cookie's new value: this browser is now trusted for this account. */
  device: string;
}

/**
 * Checks a password; only wrong passwords are slowed, and never for anyone but the client
 * that sent them (OWASP's Authentication Cheat Sheet and its device cookies):
 *
 * - A browser with a valid device cookie for the account (it signed in to it before) is
 *   trusted: no waits apply to it, only its own count of wrong passwords; after
 *   DEVICE_FAILURE_LIMIT of them in a row the cookie no longer counts.
 * - Any other client waits after wrong passwords per (account, client address), with
 *   growing waits (services/loginThrottle.ts), and every untrusted client of an account
 *   waits once the account had UNTRUSTED_LIMIT_PER_ACCOUNT wrong passwords from untrusted
 *   clients within the window.
 *
 * Nothing counts across accounts, so wrong passwords on other accounts from a school's
 * shared address never refuse a right one. A client that must wait is told so (429 with
 * the real wait) before its password is looked at. A right password opens a session and
 * renews the browser's device cookie.
 */
export async function login(ctx: ServiceContext, attempt: SignInAttempt): Promise<SignedIn> {
  const limiter = new RateLimiter(ctx.db.knex);
  const now = ctx.clock();
  const email = normalizeEmail(attempt.email);
  // Hashed: the counters keep no e-mail addresses, and any bytes make a safe key.
  const pair = `login:${sha256Hex(`${email}\n${attempt.ip}`)}`;
  const account = `login:account:${sha256Hex(email)}`;
  const wellFormed = !/[\u0000-\u001f]/.test(attempt.email);
  const row = (
    wellFormed ? await ctx.db.knex('organizers').where('email', email).whereNull('disabled_at').first() : undefined
  ) as { id: number; password_hash: string } | undefined;

  const devices = readDevices(ctx.secret, attempt.device ?? undefined, now);
  const device = row ? devices.find((d) => d.organizerId === Number(row.id)) : undefined;
  const trusted = device ? await claimDeviceAttempt(ctx.db.knex, deviceKey(device), now, DEVICE_FAILURE_LIMIT) : false;
  if (!trusted) {
    if ((await limiter.count(account, UNTRUSTED_WINDOW_MS, now)) >= UNTRUSTED_LIMIT_PER_ACCOUNT) {
      const until = now.getTime() + limiter.retryAfter(UNTRUSTED_WINDOW_MS, now) * 1000;
      throw throttled(until, now, 'login_wait_account');
    }
    await claimAttempt(ctx.db.knex, pair, now, device ? 'login_wait_browser' : 'login_wait');
  }

  const ok = await verifyPassword(attempt.password, row?.password_hash ?? NO_ACCOUNT_HASH);
  if (!row || !ok) {
    // A trusted device's wrong password was counted on the device alone (above).
    if (!trusted) await limiter.hit(account, UNTRUSTED_WINDOW_MS, now);
    await audit(
      ctx.db.knex,
      { actor: email, action: 'login.fail', targetType: 'organizer', targetId: row?.id ?? null },
      now,
    );
    throw new AppError('unauthorized', { email: 'wrong_login' });
  }
  // A trusted device's right password leaves the address's count alone: else the owner
  // signing in would give an attacker at the same address free guesses again.
  await clearAttempts(ctx.db.knex, trusted && device ? deviceKey(device) : pair);
  const sessionToken = await openSession(ctx, Number(row.id), now, attempt.client ?? null);
  const organizer = await activeOrganizer(ctx.db.knex, Number(row.id));
  if (!organizer) throw new AppError('unauthorized');
  await audit(
    ctx.db.knex,
    { actor: organizer.email, action: 'login', targetType: 'organizer', targetId: organizer.id },
    now,
  );
  return { organizer, sessionToken, device: withDevice(ctx.secret, devices, organizer.id, now) };
}
