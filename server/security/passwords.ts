import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt's cost. Under the test runner (vitest sets VITEST) a sixteenth of it: the suite
 * signs in thousands of times to check what a password decides, not how long it takes,
 * and the stored form names its N, so a hash made either way verifies the same.
 */
const PARAMS = { N: process.env.VITEST === 'true' ? 1024 : 16384, r: 8, p: 1, keylen: 32 };

/**
 * Checked when there is no account, at the current cost, so that timing does not tell
 * whether an account exists.
 */
export const NO_ACCOUNT_HASH = `scrypt$${PARAMS.N}$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

function derive(
  password: string,
  salt: Buffer,
  o: { N: number; r: number; p: number; keylen: number },
): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, o.keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** scrypt with a random salt, stored as `scrypt$N$r$p$salt$hash` so parameters can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password good enough for an organizer account. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'password_too_short';
  if (password.length > 200) return 'too_long:200';
  return null;
}
