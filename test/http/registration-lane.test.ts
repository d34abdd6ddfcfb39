import net, { type AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { AppError } from '../../server/domain/errors.js';
import type { LimitCheck, LimitSubject } from '../../server/http/rateLimit.js';
import { inFrontOf } from '../../server/http/lanes.js';
import { registrationLane } from '../../server/http/registrationLane.js';
import { createTestApp, DEMO_SLUG, person, type TestApp } from '../support/app.js';

const PATH = `/api/v1/events/${DEMO_SLUG}/registrations`;

/** The lane in front of a stand-in for Express's routes, to see which one answered. */
function laneApp(
  opts: { limit?: LimitCheck; trustProxy?: boolean; register?: (slug: string, body: unknown) => Promise<unknown> } = {},
) {
  const app = express();
  app.use((_req, res) => {
    res.json({ way: 'general' });
  });
  const subjects: LimitSubject[] = [];
  inFrontOf(
    app,
    registrationLane({
      securityHeaders: [['X-Lane-Test', 'set']],
      logRequest: null,
      trustProxy: () => opts.trustProxy ?? false,
      limit: async (subject) => {
        subjects.push(subject);
        return opts.limit ? opts.limit(subject) : null;
      },
      register: opts.register ?? (async (slug, body) => ({ way: 'lane', slug, body })),
      logger: pino({ level: 'silent' }),
    }),
  );
  return { app, subjects };
}

describe('the registration lane: which requests it takes', () => {
  const { app, subjects } = laneApp();
  const body = JSON.stringify({ name: 'A' });

  it('takes a plain JSON POST: security headers, decoded slug, parsed body, rate limit by address', async () => {
    const res = await request(app)
      .post('/api/v1/events/a%20b/registrations')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send(body)
      .expect(201);
    expect(res.body).toEqual({ way: 'lane', slug: 'a b', body: { name: 'A' } });
    expect(res.headers['x-lane-test']).toBe('set');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(subjects.at(-1)).toEqual({ ip: expect.stringMatching(/127\.0\.0\.1$/), body: { name: 'A' } });
  });

  it('finds the client address behind a trusted proxy as req.ip does', async () => {
    const behind = laneApp({ trustProxy: true });
    await request(behind.app).post(PATH).set('X-Forwarded-For', '203.0.113.9').type('json').send(body).expect(201);
    expect(behind.subjects[0]?.ip).toBe('203.0.113.9');
  });

  it('drops a byte order mark as express.json does', async () => {
    const res = await request(app).post(PATH).type('json').send(`\uFEFF${body}`).expect(201);
    expect(res.body).toMatchObject({ way: 'lane', body: { name: 'A' } });
  });

  it.each([
    ['a query string', (r: request.Test) => r.query({ lang: 'en' })],
    ['a cookie', (r: request.Test) => r.set('Cookie', 'lang=en')],
    ['another content type', (r: request.Test) => r.set('Content-Type', 'text/plain')],
    ['another charset', (r: request.Test) => r.set('Content-Type', 'application/json; charset=iso-8859-1')],
    ['a compressed body', (r: request.Test) => r.set('Content-Encoding', 'gzip')],
  ])('leaves a request with %s to Express', async (_, vary) => {
    const res = await vary(request(app).post(PATH).set('Content-Type', 'application/json')).send(body);
    expect(res.body).toEqual({ way: 'general' });
  });

  it('leaves other methods and paths, an undecodable slug and a body over 16 kB to Express', async () => {
    expect((await request(app).get(PATH)).body).toEqual({ way: 'general' });
    const other = await request(app).post('/api/v1/events/x/registrations/1').type('json').send(body);
    expect(other.body).toEqual({ way: 'general' });
    const bad = await request(app).post('/api/v1/events/%E0%A4%A/registrations').type('json').send(body);
    expect(bad.body).toEqual({ way: 'general' });
    const big = await request(app)
      .post(PATH)
      .type('json')
      .send(JSON.stringify({ name: 'x'.repeat(17_000) }));
    expect(big.body).toEqual({ way: 'general' });
  });

  it('takes an upload the client aborts as its doing: no fault of ours is logged', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const app = express();
    let registered = 0;
    inFrontOf(
      app,
      registrationLane({
        securityHeaders: [],
        logRequest: null,
        trustProxy: () => false,
        limit: async () => null,
        register: async () => ++registered,
        logger,
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST ${PATH} HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => server.close(resolve));
    expect(registered).toBe(0);
    expect(lines.join('')).not.toContain('unhandled error');
  });

  it.each([
    ['malformed JSON', '{"name": '],
    ['a JSON string', '"a string"'],
    ['JSON null', 'null'],
  ])('answers %s with 400 invalid_input, in the language asked for', async (_, text) => {
    const lv = await request(app).post(PATH).type('json').send(text).expect(400);
    const en = await request(app).post(PATH).set('Accept-Language', 'en-GB,en;q=0.8').type('json').send(text);
    expect(lv.body.error.code).toBe('invalid_input');
    expect(en.body.error.code).toBe('invalid_input');
    expect(en.body.error.message).not.toBe(lv.body.error.message);
    expect(lv.headers['x-lane-test']).toBe('set');
  });

  it('answers a rate limit with 429 and Retry-After, and a fault of ours with 500 internal', async () => {
    const limited = new AppError('rate_limited');
    limited.retryAfter = 42;
    const slow = laneApp({ limit: async () => limited });
    const res = await request(slow.app).post(PATH).type('json').send(body).expect(429);
    expect(res.headers['retry-after']).toBe('42');
    const broken = laneApp({
      register: async () => {
        throw new Error('boom');
      },
    });
    const failed = await request(broken.app).post(PATH).type('json').send(body).expect(500);
    expect(failed.body.error.code).toBe('internal');
    expect(JSON.stringify(failed.body)).not.toContain('boom');
  });
});

/**
 * The lane must answer exactly as the general way does. A cookie sends the same request
 * Express's way (cookieParser, languageMiddleware, express.json, the API router).
 */
describe('the registration lane answers as the general way does', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const general = (r: request.Test) => r.set('Cookie', 'seen=1');
  const securityHeaders = (res: request.Response) =>
    Object.fromEntries(
      Object.entries(res.headers).filter(([name]) => !['date', 'content-length', 'set-cookie'].includes(name)),
    );
  /** Calls of Express's router: none while the lane answers. */
  let routed: MockInstance;
  beforeEach(() => {
    routed = vi.spyOn((t.app as unknown as { router: { handle: () => void } }).router, 'handle');
  });
  afterEach(() => routed.mockRestore());

  it('for a registration: same status, headers and answer (but the person)', async () => {
    const lane = await request(t.app).post(PATH).send(person()).expect(201);
    expect(routed).not.toHaveBeenCalled();
    const other = await general(request(t.app).post(PATH)).send(person()).expect(201);
    expect(routed).toHaveBeenCalledTimes(1);
    expect(securityHeaders(lane)).toEqual(securityHeaders(other));
    expect(lane.headers['content-security-policy']).toContain("default-src 'self'");
    const shape = (b: { registration: Record<string, unknown> }) => ({
      ...b.registration,
      id: 0,
      email: '',
      manageUrl: String(b.registration.manageUrl).replace(/[^/]+$/, ''),
    });
    expect(shape(lane.body as never)).toEqual(shape(other.body as never));
  });

  const cases: [string, (r: request.Test) => request.Test][] = [
    ['malformed JSON', (r) => r.type('json').send('{"name": ')],
    ['JSON that is not an object', (r) => r.type('json').send('"text"')],
    ['invalid fields, in English', (r) => r.set('Accept-Language', 'en').send({ ...person(), email: 'no', role: 'x' })],
    ['an unknown field', (r) => r.send({ ...person(), extra: 1 })],
    ['an unknown region', (r) => r.send(person({ regionId: 'mars' }))],
  ];
  it.each(cases)('for %s: same status, headers and error', async (_, make) => {
    const lane = await make(request(t.app).post(PATH));
    expect(routed).not.toHaveBeenCalled();
    const other = await make(general(request(t.app).post(PATH)));
    expect(lane.status).toBeGreaterThanOrEqual(400);
    expect(lane.status).toBeLessThan(500);
    expect(lane.status).toBe(other.status);
    expect(lane.body).toEqual(other.body);
    expect(securityHeaders(lane)).toEqual(securityHeaders(other));
  });

  it('counts the lane and Express against the same per-e-mail limit', async () => {
    const body = person({ email: 'counted@skola.lv', regionId: 'atlantis' });
    for (let i = 0; i < 5; i++) await request(t.app).post(PATH).send(body).expect(400);
    for (let i = 0; i < 5; i++) await general(request(t.app).post(PATH)).send(body).expect(400);
    const lane = await request(t.app).post(PATH).send(body).expect(429);
    const other = await general(request(t.app).post(PATH)).send(body).expect(429);
    expect(lane.body).toEqual(other.body);
    expect(lane.headers['retry-after']).toBe(other.headers['retry-after']);
  });

  it('for an unknown event and for a second registration with one e-mail: same errors', async () => {
    const missing = '/api/v1/events/no-such-event/registrations';
    const lane = await request(t.app).post(missing).send(person()).expect(404);
    const other = await general(request(t.app).post(missing)).send(person()).expect(404);
    expect(lane.body).toEqual(other.body);
    const someone = person();
    await request(t.app).post(PATH).send(someone).expect(201);
    const again = await request(t.app).post(PATH).send(someone).expect(409);
    const againGeneral = await general(request(t.app).post(PATH)).send(someone).expect(409);
    expect(again.body).toEqual(againGeneral.body);
  });
});
