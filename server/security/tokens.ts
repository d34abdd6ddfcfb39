import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { randomBytesPooled } from './randomPool.js';

/** SHA-256 in hex: how the database keeps every secret token (manage links, sessions, API tokens). */
export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** 256 random bits, URL-safe: organizers' session cookies and API tokens. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/**
 * Manage tokens: 192 random bits, shown once in the person's link. The database keeps a
 * SHA-256 hash for lookup and a copy sealed with the app secret (AES-256-GCM) so that a
 * lost link can be e-mailed again; neither lets a database reader open a registration.
 */
export class TokenVault {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`manage-token:${secret}`).digest();
  }

  static create(): string {
    return randomBytesPooled(24).toString('base64url');
  }

  static hash(token: string): string {
    return sha256Hex(token);
  }

  /** Only strings that could be a token are looked up at all. */
  static looksValid(token: string): boolean {
    return /^[A-Za-z0-9_-]{32}$/.test(token);
  }

  seal(token: string): string {
    const iv = randomBytesPooled(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  /** Returns null when the secret changed since sealing. */
  unseal(sealed: string): string | null {
    try {
      const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      if (!iv || !tag || !body) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
