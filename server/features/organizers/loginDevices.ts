import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../security/tokens.js';

/**
 * Device cookies, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies":
 * a browser in which an organizer has signed in keeps a signed note saying so. When that
 * browser signs in to the same account again, it is not slowed by what other clients did
 * wrong (the back-off per account and address, the limit per account), so an attacker who
 * shares the organizer's address, or guesses from many addresses, cannot keep the owner
 * out. The note only spares the owner waits: it never lets anyone in without the password.
 *
 * The cookie holds up to MAX_ENTRIES entries, newest first, so that a browser shared by a
 * few organizers (a school office's computer) stays trusted for each of them. An entry is
 * `<organizer id>.<nonce>.<expiry, seconds since 1970>.<HMAC>`, the HMAC taken with the
 * app secret over the rest, so nobody can make one without the secret.
 */
export const DEVICE_TTL_MS = 180 * 24 * 3600_000;

/** Wrong passwords a trusted device may send in a row before it counts as any other client. */
export const DEVICE_FAILURE_LIMIT = 10;

const MAX_ENTRIES = 5;
const ENTRY = /^(\d{1,15})\.([A-Za-z0-9_-]{22})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

/** One account's entry in a device cookie whose signature and expiry have been checked. */
export interface DeviceEntry {
  organizerId: number;
  nonce: string;
  /** The entry as it stands in the cookie, to keep it unchanged when others are added. */
  text: string;
}

const signature = (secret: string, body: string): string =>
  createHmac('sha256', secret).update(`login-device:${body}`).digest('base64url');

/** The counter of a device's wrong passwords (in login_throttle): the nonce's hash, never the nonce. */
export const deviceKey = (entry: DeviceEntry): string => `login:device:${sha256Hex(entry.nonce)}`;

/**
 * The valid entries of a device cookie: well formed, signed with this secret, not expired.
 * Anything else in it (a forged or spoiled entry, an entry from before the secret changed)
 * is left out, so a bad cookie makes the browser an untrusted client and nothing worse.
 */
export function readDevices(secret: string, value: string | undefined, now: Date): DeviceEntry[] {
  if (!value || value.length > 1000) return [];
  const entries: DeviceEntry[] = [];
  for (const text of value.split('~').slice(0, MAX_ENTRIES)) {
    const match = ENTRY.exec(text);
    if (!match) continue;
    const [, id = '', nonce = '', expires = '', sent = ''] = match;
    if (Number(expires) * 1000 <= now.getTime()) continue;
    const expected = Buffer.from(signature(secret, `${id}.${nonce}.${expires}`));
    const given = Buffer.from(sent);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) continue;
    entries.push({ organizerId: Number(id), nonce, text });
  }
  return entries;
}

/**
 * The cookie's new value after the organizer signed in: a fresh entry for them first (a
 * new nonce, so the device's count of wrong passwords starts again), then the others'
 * entries that are still valid, up to MAX_ENTRIES.
 */
export function withDevice(secret: string, kept: DeviceEntry[], organizerId: number, now: Date): string {
  const nonce = randomBytes(16).toString('base64url');
  const expires = Math.floor((now.getTime() + DEVICE_TTL_MS) / 1000);
  const body = `${organizerId}.${nonce}.${expires}`;
  const others = kept.filter((e) => e.organizerId !== organizerId).map((e) => e.text);
  return [`${body}.${signature(secret, body)}`, ...others].slice(0, MAX_ENTRIES).join('~');
}
