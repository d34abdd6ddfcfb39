import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../support/admin.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of the app as [METHOD, path], read from Express's own router table. */
function routesOf(app: Express): [string, string][] {
  const root = (app as unknown as { router: { stack: Layer[] } }).router;
  const found: [string, string][] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) found.push([m.toUpperCase(), p]);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(root.stack);
  return found;
}

const concrete = (path: string): string =>
  path
    .replace(':slug', SLUG)
    .replace(':name', 'message.eml')
    .replace(/:(id|seatId)\b/g, '1');

describe('every organizer route refuses anonymous access', () => {
  const { t } = useTestApp({ seed: false });
  let routes: [string, string][];

  beforeAll(async () => {
    await conference(t.db, t.clock.now(), { slug: SLUG });
    routes = routesOf(t.app).filter(([, p]) => p.startsWith('/admin') || p.startsWith('/api/v1/admin'));
  });

  it('the walk finds the back office and the organizer API', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual(['PATCH', '/api/v1/admin/quotas/:id']);
    expect(routes).toContainEqual(['POST', '/admin/quotas/:id/size']);
  });

  it('pages redirect to the login, forms and the API answer 401 — even with a valid CSRF token', async () => {
    const { agent, csrf } = await anonymous(t);
    const open = new Set(['GET /admin/login', 'POST /admin/login']);
    const failures: string[] = [];
    for (const [method, path] of routes) {
      if (open.has(`${method} ${path}`)) continue;
      const url = concrete(path);
      const api = path.startsWith('/api/');
      const res = api
        ? await request(t.app)[method.toLowerCase() as 'get'](url).send({})
        : await agent[method.toLowerCase() as 'get'](url).type('form').send({ _csrf: csrf });
      const refused = api
        ? res.status === 401
        : method === 'GET'
          ? res.status === 303 && String(res.headers.location).startsWith('/admin/login?next=')
          : res.status === 401;
      if (!refused) failures.push(`${method} ${path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
