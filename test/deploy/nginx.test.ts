/**
 * deploy/nginx/skola.conf, for real: Debian's nginx (started by this test, as whatever
 * user runs it, on free 127.0.0.1 ports, with a self-signed certificate — see
 * deploy/nginx/render-local.sh) in front of the app started in-process, as
 * TRUST_PROXY=loopback runs it. Without nginx the test is skipped with a printed reason;
 * with CI=true it fails instead.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxAvailable, startNginx, type RunningNginx } from '../../bench/nginx.js';
import { createTestApp, DEMO_SLUG, person, type TestApp } from '../support/app.js';

const available = nginxAvailable();

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The TLS version of the connection, over https. */
  tls: string | null;
}

/** What the probe in front of the app answers with on a cacheable path. */
const PROBES: Record<string, { cacheControl?: string; cookie?: boolean }> = {
  public: { cacheControl: 'public, max-age=60' },
  private: { cacheControl: 'private, max-age=60' },
  'no-store': { cacheControl: 'no-store' },
  'no-cache': { cacheControl: 'public, no-cache' },
  'max-age-0': { cacheControl: 'public, max-age=0' },
  unmarked: {},
  cookie: { cacheControl: 'public, max-age=60', cookie: true },
};

interface Sending {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

describe.skipIf(!available)('nginx in front of the app (deploy/nginx/skola.conf)', () => {
  let t: TestApp;
  let server: Server;
  let appUrl: string;
  let nginx: RunningNginx;
  /** TCP connections the app has accepted (nginx keeps a few alive and reuses them). */
  let appConnections = 0;

  /** One request on a connection of its own; over https trusting the test certificate. */
  const send = (url: string, { method = 'GET', headers = {}, body }: Sending = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const secure = url.startsWith('https:');
      const options = { method, headers, agent: false as const, ...(secure ? { ca: nginx.ca } : {}) };
      const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          const tls = secure ? ((res.socket as TLSSocket).getProtocol?.() ?? null) : null;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buffer, text: buffer.toString(), tls });
        });
      });
      req.on('error', reject);
      req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url}`)));
      req.end(body);
    });
  const https = (path: string, sending?: Sending): Promise<Answer> => send(`${nginx.httpsUrl}${path}`, sending);

  /**
   * A request and, right after it, the same again: the second should come from the
   * cache. Entries live for a second, so a first request that met an entry about to
   * expire is tried again (three times at most).
   */
  const twice = async (path: string, sending?: Sending): Promise<[Answer, Answer]> => {
    let pair: [Answer, Answer] | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      pair = [await https(path, sending), await https(path, sending)];
      if (pair[1].headers['x-cache-status'] === 'HIT') break;
    }
    return pair as [Answer, Answer];
  };

  beforeAll(async () => {
    t = await createTestApp();
    // As in production (README "Deploy"): the app trusts the proxy on its own machine.
    t.app.set('trust proxy', 'loopback');
    // A probe in front of the app shows what the app learns of the request from nginx.
    const front = express();
    front.set('trust proxy', 'loopback');
    front.get('/__proxy-probe', (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        ip: req.ip,
        protocol: req.protocol,
        hostname: req.hostname,
        forwardedFor: req.get('x-forwarded-for') ?? null,
      });
    });
    // On a path nginx may cache, answers marked as the app chooses (?probe=…), each new.
    let served = 0;
    front.get('/api/v1/events', (req, res, next) => {
      const probe = PROBES[String(req.query.probe)];
      if (!probe) return next();
      if (probe.cacheControl) res.setHeader('Cache-Control', probe.cacheControl);
      if (probe.cookie) res.cookie('probe', '1');
      served += 1;
      res.json({ served });
    });
    front.use(t.app);
    server = createServer(front);
    server.on('connection', () => {
      appConnections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    appUrl = `http://127.0.0.1:${port}`;
    nginx = await startNginx({ upstream: `127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await nginx?.stop();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    server?.closeAllConnections();
    await t?.close();
  });

  it('plain http answers only with a redirect to https, keeping path and query', async () => {
    const res = await send(`${nginx.httpUrl}/events/${DEMO_SLUG}?lang=en`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`https://127.0.0.1/events/${DEMO_SLUG}?lang=en`);
    expect(res.headers['x-cache-status']).toBeUndefined();
  });

  it('https serves the event page over TLS 1.2 or 1.3, without a version in Server', async () => {
    const res = await https(`/events/${DEMO_SLUG}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html');
    expect(res.tls).toMatch(/^TLSv1\.[23]$/);
    expect(res.headers.server).toBe('nginx');
  });

  it('the app learns the client address, https and the host from nginx, never what the client claims', async () => {
    const res = await https('/__proxy-probe', {
      headers: { host: 'skola.example.lv', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'http' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      ip: '127.0.0.1',
      protocol: 'https',
      hostname: 'skola.example.lv',
      forwardedFor: '127.0.0.1',
    });
  });

  it.each([
    ['the event page', `/events/${DEMO_SLUG}`],
    ['the events API', '/api/v1/events'],
    ['an event in the API', `/api/v1/events/${DEMO_SLUG}`],
    ['the public calendar feed', `/events/${DEMO_SLUG}/calendar.ics`],
  ])('%s: a second request within a second is answered from the micro-cache', async (_name, path) => {
    const [first, second] = await twice(path);
    expect(first.status).toBe(200);
    expect(first.headers['x-cache-status']).toMatch(/^(MISS|EXPIRED|HIT|UPDATING)$/);
    expect(second.headers['x-cache-status']).toBe('HIT');
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers['set-cookie']).toBeUndefined();
  });

  it.each(['private', 'no-store', 'no-cache', 'max-age-0', 'unmarked', 'cookie'])(
    'an answer marked %s by the app is never kept, even on a path nginx may cache',
    async (probe) => {
      const [first, second] = await twice(`/api/v1/events?probe=${probe}`);
      expect(first.status).toBe(200);
      expect(second.headers['x-cache-status']).toBe('MISS');
      expect(second.text).not.toBe(first.text);
    },
  );

  it('an answer the app marks public for a minute is kept for a second or two, not a minute', async () => {
    // nginx counts whole seconds: an entry lives from one to two seconds.
    const started = Date.now();
    const first = await https('/api/v1/events?probe=public');
    const statuses: string[] = [];
    let now = first;
    while (now.text === first.text && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      now = await https('/api/v1/events?probe=public');
      statuses.push(String(now.headers['x-cache-status']));
    }
    expect(statuses).toContain('HIT');
    expect(now.headers['cache-control']).toBe('public, max-age=60');
    expect(now.text).not.toBe(first.text);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each([
    ['the JSON API', `/api/v1/events/${DEMO_SLUG}`],
    ['the public calendar feed', `/events/${DEMO_SLUG}/calendar.ics`],
  ])('%s is kept per Accept-Language: an English client never gets the Latvian answer', async (_name, path) => {
    const lv = await twice(path, { headers: { 'accept-language': 'lv' } });
    const en = await twice(path, { headers: { 'accept-language': 'en' } });
    expect(en[1].headers['x-cache-status']).toBe('HIT');
    const direct = await send(`${appUrl}${path}`, { headers: { 'accept-language': 'en' } });
    expect(en[1].text).toBe(direct.text);
    expect(en[1].text).not.toBe(lv[1].text);
  });

  it('never from the cache: the back office, a registration, a manage page, credentials or a cookie', async () => {
    const never = (res: Answer): void => {
      expect(res.headers['x-cache-status'] ?? 'none').toMatch(/^(none|BYPASS)$/);
    };
    for (const res of await twice('/admin/login')) {
      expect(res.status).toBe(200);
      never(res);
    }

    const registration = await https(`/api/v1/events/${DEMO_SLUG}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person()),
    });
    expect(registration.status).toBe(201);
    never(registration);
    const { manageUrl } = (JSON.parse(registration.text) as { registration: { manageUrl: string } }).registration;
    const manage = new URL(manageUrl).pathname;
    for (const res of await twice(manage)) {
      expect(res.status).toBe(200);
      never(res);
    }

    for (const res of await twice('/api/v1/admin/events/' + DEMO_SLUG + '/registrations', {
      headers: { authorization: 'Bearer not-a-token' },
    })) {
      expect(res.status).toBe(401);
      never(res);
    }

    // A cookie (here the language) goes to the app, whatever the cache holds for the URL.
    await twice(`/events/${DEMO_SLUG}`);
    for (const res of await twice(`/events/${DEMO_SLUG}`, { headers: { cookie: 'lang=en' } })) {
      expect(res.status).toBe(200);
      expect(res.headers['x-cache-status']).toBe('BYPASS');
      expect(res.text).toMatch(/<html lang="en"/);
    }
  });

  it('text is compressed: gzip when asked, brotli too when the module is installed', async () => {
    const plain = await https(`/events/${DEMO_SLUG}`);
    const gzip = await https(`/events/${DEMO_SLUG}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(gzip.body).toString()).toBe(plain.text);
    if (nginx.brotli) {
      const br = await https(`/events/${DEMO_SLUG}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).toString()).toBe(plain.text);
    }
  });

  it('a body over the limit gets 413 from nginx: the JSON error on the API, a page elsewhere', async () => {
    const big = JSON.stringify(person({ institution: 'x'.repeat(100_000) }));
    const api = await https(`/api/v1/events/${DEMO_SLUG}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: big,
    });
    expect(api.status).toBe(413);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(api.text)).toEqual({
      error: { code: 'payload_too_large', message: 'The request is too large.' },
    });

    const page = await https(`/events/${DEMO_SLUG}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `name=${'x'.repeat(100_000)}`,
    });
    expect(page.status).toBe(413);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Pieprasījums ir pārāk liels.');

    // Between the app's 16 kB and nginx's 64k the app itself refuses, in the same shape.
    const middling = await https(`/api/v1/events/${DEMO_SLUG}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person({ institution: 'x'.repeat(20_000) })),
    });
    expect(middling.status).toBe(413);
    expect((JSON.parse(middling.text) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('nginx reaches the app over kept-alive connections, not one per request', async () => {
    const before = appConnections;
    for (let i = 0; i < 20; i++) expect((await https('/healthz')).status).toBe(200);
    // One nginx worker: one connection, a second at most if the first idled out.
    expect(appConnections - before).toBeLessThanOrEqual(2);
  });
});
