import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import type { ServiceContext } from '../../server/context.js';
import { TokenVault } from '../../server/security/tokens.js';
import { person } from '../support/app.js';

/** Any event's address: the database is never reached. */
const SLUG = 'konference';

/**
 * A database that cannot be reached (restarting, refusing connections) is a moment to
 * wait, not a fault: every answer is 503 with Retry-After and the localized "try again",
 * and /healthz says so to the load balancer. Before, each request answered 500 "internal"
 * and was logged as an unhandled error.
 */
describe('when the database refuses connections', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  const faults: string[] = [];

  beforeAll(() => {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    db = openDatabase('postgres://postgres@127.0.0.1:1/nowhere');
    const secret = 'test-secret-that-is-long-enough-000000';
    const ctx: ServiceContext = {
      db,
      clock: () => new Date(),
      tokens: new TokenVault(secret),
      baseUrl: 'http://localhost:3000',
      mailDomain: 'localhost',
      mailFrom: 'Skola. Vecāki. Bērni <noreply@localhost>',
      secret,
      addressConfirmation: false,
    };
    const logger = pino({ level: 'error' }, { write: (line: string) => void faults.push(line) });
    app = createApp({ ctx, logger });
  });
  afterAll(() => db.destroy());

  it('then /healthz answers 503 with Retry-After', async () => {
    const res = await request(app).get('/healthz').expect(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toEqual({ status: 'unavailable' });
  });

  it('then the JSON API answers 503 busy with Retry-After, in the language asked for', async () => {
    const read = await request(app).get('/api/v1/events').set('Accept-Language', 'en').expect(503);
    expect(read.headers['retry-after']).toBe('1');
    expect(read.body.error).toMatchObject({ code: 'busy', message: expect.stringMatching(/try again/i) });
    const write = await request(app).post(`/api/v1/events/${SLUG}/registrations`).send(person()).expect(503);
    expect(write.body.error.code).toBe('busy');
    expect(write.body.error.message).toMatch(/mēģiniet vēlreiz/);
  });

  it('then a page answers 503 with the localized message, and nothing is logged as a fault', async () => {
    const page = await request(app).get(`/events/${SLUG}`).expect(503);
    expect(page.headers['retry-after']).toBe('1');
    expect(page.text).toMatch(/mēģiniet vēlreiz/);
    expect(faults.filter((line) => line.includes('unhandled error'))).toEqual([]);
  });
});
