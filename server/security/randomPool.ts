import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Random bytes from the operating system's CSPRNG, drawn a page at a time: a registration
 * needs two small random values (its token and the IV that seals it), and asking OpenSSL
 * for each took about 12 µs, a tenth of the whole registration. Node keeps the same kind
 * of cache for crypto.randomUUID. Bytes handed out are wiped from the pool at once, so
 * they are never handed out twice and do not linger in memory.
 */
export class RandomPool {
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly size = POOL_BYTES) {}

  bytes(n: number): Buffer {
    if (n > this.size) return randomFillSync(Buffer.alloc(n));
    if (this.offset + n > this.pool.length) {
      this.pool = randomFillSync(Buffer.allocUnsafe(this.size));
      this.offset = 0;
    }
    const out = Buffer.from(this.pool.subarray(this.offset, this.offset + n));
    this.pool.fill(0, this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

const shared = new RandomPool();

/** `crypto.randomBytes(n)`, drawn from one pool per process. */
export const randomBytesPooled = (n: number): Buffer => shared.bytes(n);
