import { describe, expect, it } from 'vitest';
import { RandomPool } from '../../server/security/randomPool.js';
import { TokenVault } from '../../server/security/tokens.js';

describe('random pool', () => {
  it('hands out bytes of the length asked, never the same bytes twice, across refills', () => {
    const pool = new RandomPool(64);
    const seen = new Set<string>();
    // 40 draws of 24 bytes from a 64-byte pool: many refills, and every value distinct.
    for (let i = 0; i < 40; i++) {
      const bytes = pool.bytes(24);
      expect(bytes).toHaveLength(24);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(40);
    expect(pool.bytes(200)).toHaveLength(200);
  });

  it('gives tokens that look like tokens and seal and unseal', () => {
    const vault = new TokenVault('a-secret-of-the-test-a-secret-of-the-test');
    const tokens = Array.from({ length: 500 }, () => TokenVault.create());
    expect(new Set(tokens).size).toBe(500);
    for (const token of tokens.slice(0, 20)) {
      expect(TokenVault.looksValid(token)).toBe(true);
      expect(vault.unseal(vault.seal(token))).toBe(token);
    }
  });
});
