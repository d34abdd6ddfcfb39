import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/errors.js';
import { langOf } from '../../server/http/i18n.js';
import { headersSetBy, registrationLane } from '../../server/http/registrationLane.js';
import { createTestApp, DEMO_SLUG, person, type TestApp } from '../support/app.js';

const PATH = `/api/v1/events/${DEMO_SLUG}/registrations`;

/** The lane in front of a stand-in for the general chain, to see which one answered. */
function laneApp() {
  const app = express();
  app.use(
    registrationLane({
      securityHeaders: [['X-Lane-Test', 'set']],
      limit: (_req, _res, next) => next(),
      handle: async (req, res) => {
        await Promise.resolve();
        res.json({ way: 'lane', slug: req.params.slug, body: req.body as unknown, lang: langOf(req) });
      },
    }),
  );
  app.use((_req, res) => {
    res.json({ way: 'general' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(400).json({ error: err instanceof AppError ? err.code : 'other' });
  });
  return app;
}

describe('the registration lane: which requests it takes', () => {
  const app = laneApp();
  const body = JSON.stringify({ name: 'A' });

  it('takes a plain JSON POST: same headers, decoded slug, parsed body, API language', async () => {
    const res = await request(app)
      .post('/api/v1/events/a%20b/registrations')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send(body)
      .expect(200);
    expect(res.body).toEqual({ way: 'lane', slug: 'a b', body: { name: 'A' }, lang: 'en' });
    expect(res.headers['x-lane-test']).toBe('set');
    const lv = await request(app).post(PATH).set('Content-Type', 'application/json').send(body).expect(200);
    expect(lv.body).toMatchObject({ way: 'lane', lang: 'lv' });
  });

  it('drops a byte order mark as express.json does', async () => {
    const res = await request(app).post(PATH).set('Content-Type', 'application/json').send(`\uFEFF${body}`).expect(200);
    expect(res.body).toMatchObject({ way: 'lane', body: { name: 'A' } });
  });

  it.each([
    ['a query string', (r: request.Test) => r.query({ lang: 'en' })],
    ['a cookie', (r: request.Test) => r.set('Cookie', 'lang=en')],
    ['another content type', (r: request.Test) => r.set('Content-Type', 'text/plain')],
    ['another charset', (r: request.Test) => r.set('Content-Type', 'application/json; charset=iso-8859-1')],
    ['a compressed body', (r: request.Test) => r.set('Content-Encoding', 'gzip')],
  ])('leaves a request with %s to the general way', async (_, vary) => {
    const res = await vary(request(app).post(PATH).set('Content-Type', 'application/json')).send(body);
    expect(res.body).toEqual({ way: 'general' });
  });

  it('leaves other methods and paths, an undecodable slug and a body over 16 kB to the general way', async () => {
    expect((await request(app).get(PATH)).body).toEqual({ way: 'general' });
    const other = await request(app).post('/api/v1/events/x/registrations/1').set('Content-Type', 'application/json');
    expect(other.body).toEqual({ way: 'general' });
    const bad = await request(app).post('/api/v1/events/%E0%A4%A/registrations').type('json').send(body);
    expect(bad.body).toEqual({ way: 'general' });
    const big = await request(app)
      .post(PATH)
      .type('json')
      .send(JSON.stringify({ name: 'x'.repeat(17_000) }));
    expect(big.body).toEqual({ way: 'general' });
  });

  it.each([
    ['malformed JSON', '{"name": '],
    ['a JSON string', '"a string"'],
    ['JSON null', 'null'],
  ])('answers %s with invalid_input through the error handler', async (_, text) => {
    const res = await request(app).post(PATH).type('json').send(text).expect(400);
    expect(res.body).toEqual({ error: 'invalid_input' });
  });

  it('records the headers a middleware sets, removed ones left out', () => {
    const headers = headersSetBy((_req, res, next) => {
      res.setHeader('X-A', '1');
      res.setHeader('X-Powered-By', 'x');
      res.removeHeader('X-Powered-By');
      res.setHeader('x-a', '2');
      next();
    });
    expect(headers).toEqual([['x-a', '2']]);
  });
});

/**
 * The lane must answer exactly as the general way does. A cookie sends the same request
 * the general way (cookieParser, languageMiddleware, express.json, the API router).
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
      Object.entries(res.headers).filter(([name]) => !['date', 'etag', 'content-length', 'set-cookie'].includes(name)),
    );

  it('for a registration: same status, headers and answer (but the person)', async () => {
    const lane = await request(t.app).post(PATH).send(person()).expect(201);
    const other = await general(request(t.app).post(PATH)).send(person()).expect(201);
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
    const other = await make(general(request(t.app).post(PATH)));
    expect(lane.status).toBeGreaterThanOrEqual(400);
    expect(lane.status).toBeLessThan(500);
    expect(lane.status).toBe(other.status);
    expect(lane.body).toEqual(other.body);
    expect(securityHeaders(lane)).toEqual(securityHeaders(other));
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
