import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { headersSetBy, securityHeaderList, securityPolicy, setHeaders } from '../../server/http/securityHeaders.js';

const ANSWER_HEADERS = ['date', 'connection', 'keep-alive', 'etag', 'content-length', 'content-type', 'x-powered-by'];

async function headersOf(app: express.Express): Promise<Record<string, unknown>> {
  const res = await request(app).get('/').expect(200);
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => !ANSWER_HEADERS.includes(name)));
}

function appWith(middleware: express.RequestHandler): express.Express {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.send('ok');
  });
  return app;
}

describe('security headers set in one step', () => {
  it.each([false, true])('are exactly the headers helmet sets for this policy (https: %s)', async (https) => {
    const fromHelmet = await headersOf(appWith(helmet(securityPolicy(https))));
    const recorded = await headersOf(appWith(setHeaders(securityHeaderList(https))));
    expect(recorded).toEqual(fromHelmet);
    expect(recorded['content-security-policy']).toContain("script-src 'self'");
    expect(recorded['x-content-type-options']).toBe('nosniff');
    expect('strict-transport-security' in recorded).toBe(https);
  });

  it.each([false, true])(
    'asks browsers to upgrade insecure requests only when the app is served over https (https: %s)',
    (https) => {
      const csp = new Map(securityHeaderList(https).map(([name, value]) => [name.toLowerCase(), value])).get(
        'content-security-policy',
      );
      const directives = String(csp)
        .split(';')
        .map((d) => d.trim().split(' ')[0]);
      expect(directives).toContain('default-src');
      // Over http (a pilot or an intranet install on another host) the upgrade makes the
      // browser fetch CSS and follow form actions over https, which is not there.
      expect(directives.includes('upgrade-insecure-requests')).toBe(https);
    },
  );

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

  it('refuses a middleware that does not pass the request on at once', () => {
    expect(() => headersSetBy(() => undefined)).toThrow(/did not pass/);
  });
});
