import request from 'supertest';
import { groupsRouter } from '../../server/features/groups/routes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganizerRegistrationBody, SizeBody } from '../../server/http/admin/schemas.js';
import { adminApiRouter } from '../../server/features/backoffice/apiRoutes.js';
import { apiRouter } from '../../server/features/registration/apiRoutes.js';
import * as answers from '../../server/http/apiSchemas.js';
import { openApiDocument } from '../../server/http/openapi.js';
import { RegistrationBody } from '../../server/http/schemas.js';
import { apiToken, organizer } from '../support/admin.js';
import { createTestApp, person, type TestApp } from '../support/app.js';
import { conference, course, seminarSeries, single, type BuiltConference } from '../support/build.js';
import { routesOf } from '../support/routes.js';

/** The events built, one of each kind. */
const SLUG = 'konference';
const SEMINARS_SLUG = 'ievadseminari';
const COURSE_SLUG = 'kurss';
const SUPERVISION_SLUG = 'supervizija-salaspils';
const ONLINE_SLUG = 'darbnica-tiessaiste';

type Json = Record<string, unknown>;
interface Operation {
  security?: Json[];
  parameters?: Json[];
  requestBody?: {
    content: Record<string, { schema: Json; example?: unknown; examples?: Record<string, { value: unknown }> }>;
  };
  responses: Record<string, Json>;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Json>;
    responses: Record<string, Json>;
    securitySchemes: Record<string, Json>;
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const REQUEST_SCHEMAS = [
  'RegistrationInput',
  'QuotaSizeInput',
  'AddItemInput',
  'OrganizerRegistrationInput',
  'RegistrantPatchInput',
  'PlaceSettingsInput',
  'GroupInput',
  'GroupPeopleInput',
  'SwapInput',
  'SessionMovesInput',
  'ProgrammeCloneInput',
  'CertificateSettingsInput',
];

/** The response an operation documents for a status, with a components.responses reference followed. */
function responseOf(doc: Document, op: Operation, status: string): Json | undefined {
  const r = op.responses[status];
  const target = typeof r?.$ref === 'string' ? r.$ref.replace('#/components/responses/', '') : null;
  return target ? doc.components.responses[target] : r;
}

function operations(doc: Document): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Operation })),
  );
}

describe('OpenAPI document of JSON API v1', () => {
  let t: TestApp;
  let ids: BuiltConference;
  let doc: Document;

  beforeAll(async () => {
    t = await createTestApp({ seed: false });
    const now = t.clock.now();
    ids = await conference(t.db, now, { slug: SLUG });
    await seminarSeries(t.db, now, {
      slug: SEMINARS_SLUG,
      seminars: [
        { regionId: 'riga', audience: 'school_staff', place: 'Rīgas 1. pamatskola', address: 'Skolas iela 1, Rīga' },
      ],
    });
    await course(t.db, now, { slug: COURSE_SLUG, inDays: 60 });
    await single(t.db, now, { slug: SUPERVISION_SLUG, place: 'Salaspils 1. vidusskola', inDays: 90 });
    await single(t.db, now, { slug: ONLINE_SLUG, regionId: null, audience: 'municipality_staff', inDays: 95 });
    doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  it('is served at /api/v1/openapi.json as OpenAPI 3.0, for this base URL', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(t.ctx.baseUrl))));
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers).toEqual([{ url: `${t.ctx.baseUrl}/api/v1` }]);
  });

  it('documents every route of the public and the organizer API, and no route that does not exist', () => {
    const served = [
      ...routesOf(apiRouter(t.ctx)),
      ...routesOf(groupsRouter(t.ctx).api),
      ...routesOf(adminApiRouter(t.ctx)).map(([m, p]): [string, string] => [m, p.replace(/^\/api\/v1/, '')]),
    ].map(([m, p]) => `${m} ${p.replace(/:(\w+)/g, '{$1}')}`);
    const documented = operations(doc).map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('organizer operations need the bearer token and say 401; public ones need nothing', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { path, op } of operations(doc)) {
      if (path.startsWith('/admin/')) {
        expect(op.security, path).toEqual([{ bearerAuth: [] }]);
        expect(responseOf(doc, op, '401'), path).toBeDefined();
        expect(responseOf(doc, op, '403'), path).toBeDefined();
      } else {
        expect(op.security, path).toEqual([]);
      }
    }
  });

  it('429 and 503 carry Retry-After; bodies can be too large; registering can be rate limited', () => {
    let limited = 0;
    for (const { path, method, op } of operations(doc)) {
      for (const status of ['429', '503']) {
        const r = responseOf(doc, op, status);
        if (r) expect(r.headers, `${method} ${path} ${status}`).toHaveProperty('Retry-After');
        if (status === '429' && r) limited += 1;
      }
      if (op.requestBody) expect(responseOf(doc, op, '413'), `${method} ${path}`).toBeDefined();
      if (path !== '/openapi.json') expect(responseOf(doc, op, '503'), `${method} ${path}`).toBeDefined();
    }
    expect(limited).toBeGreaterThan(0);
    expect(responseOf(doc, doc.paths['/events/{slug}/registrations']!.post!, '429')).toBeDefined();
  });

  it('answers list every field as required, except the optional error fields', () => {
    const problems: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      if (schema.type === 'object' && schema.properties) {
        const required = new Set((schema.required as string[] | undefined) ?? []);
        for (const key of Object.keys(schema.properties as Json)) {
          if (!required.has(key) && !(where === 'Error.properties.error' && (key === 'fields' || key === 'reason'))) {
            problems.push(`${where}.${key}`);
          }
        }
      }
      for (const [k, v] of Object.entries(schema)) walk(v, `${where}.${k}`);
    };
    const names = Object.keys(doc.components.schemas).filter((n) => !REQUEST_SCHEMAS.includes(n));
    expect(names).toEqual(expect.arrayContaining(['Event', 'Registration', 'Error', 'QuotaChange', 'RegistrantList']));
    for (const name of names) walk(doc.components.schemas[name], name);
    expect(problems).toEqual([]);
  });

  it('request schemas come from the validating zod schemas, and the examples in the document pass them', () => {
    const input = doc.components.schemas.RegistrationInput as { properties: Json; required: string[] };
    expect(Object.keys(input.properties).sort()).toEqual(Object.keys(RegistrationBody.shape).sort());
    expect(input.required).not.toContain('sessionIds');
    const registration = doc.paths['/events/{slug}/registrations']!.post!.requestBody!.content['application/json']!;
    expect(RegistrationBody.safeParse(registration.example).success).toBe(true);
    expect(RegistrationBody.safeParse(person()).success).toBe(true);
    const byHand = doc.paths['/admin/events/{slug}/registrations']!.post!.requestBody!.content['application/json']!;
    const examples = Object.values(byHand.examples ?? {}).map((e) => e.value);
    expect(examples).toHaveLength(2);
    for (const example of examples) expect(OrganizerRegistrationBody.safeParse(example).success).toBe(true);
    const size = doc.paths['/admin/quotas/{id}']!.patch!.requestBody!.content['application/json']!;
    expect(SizeBody.safeParse(size.example).success).toBe(true);
    expect(SizeBody.safeParse({ size: '5' }).success).toBe(false);
  });

  it('sessionIds says what the API does: [] is plenary only at a conference, and refused by a seminar series', async () => {
    const description = String(
      (doc.components.schemas.RegistrationInput as { properties: Record<string, Json> }).properties.sessionIds!
        .description,
    );
    expect(description).toMatch(/Conference: may be omitted or \[\]/);
    expect(description).toMatch(/Seminar series: at least one seminar/);

    const plenaryOnly = await request(t.app)
      .post(`/api/v1/events/${SLUG}/registrations`)
      .send(person({ sessionIds: undefined }))
      .expect(201);
    const registration = answers.RegistrationAnswer.parse(plenaryOnly.body).registration;
    expect(registration.items).toEqual([
      {
        sessionId: ids.plenary.riga,
        status: 'confirmed',
        waitlistPosition: null,
        holdExpiresAt: null,
        offerExpiresAt: null,
      },
    ]);

    for (const sessionIds of [[], undefined]) {
      const refused = await request(t.app)
        .post(`/api/v1/events/${SEMINARS_SLUG}/registrations`)
        .send(person({ sessionIds }))
        .expect(400);
      expect(answers.ErrorBody.parse(refused.body).error).toMatchObject({ code: 'invalid_input' });
      expect(refused.body.error.fields).toHaveProperty('sessionIds');
    }
  });

  describe('real answers match the response schemas', () => {
    it('events, one by one and as a list (one of every kind)', async () => {
      const list = await request(t.app).get('/api/v1/events').expect(200);
      const { events } = answers.EventListAnswer.parse(list.body);
      expect([...new Set(events.map((e) => e.kind))].sort()).toEqual([
        'conference',
        'course',
        'seminar_series',
        'single',
      ]);
      for (const slug of [SLUG, SEMINARS_SLUG, COURSE_SLUG, SUPERVISION_SLUG, ONLINE_SLUG]) {
        const one = await request(t.app).get(`/api/v1/events/${slug}?lang=en`).expect(200);
        expect(answers.EventAnswer.parse(one.body).event.slug).toBe(slug);
      }
    });

    it('a registration: 201, read by its token, cancelled', async () => {
      const [workshop] = ids.workshops.riga ?? [];
      const created = await request(t.app)
        .post(`/api/v1/events/${SLUG}/registrations`)
        .send(person({ sessionIds: [workshop] }))
        .expect(201);
      const { registration } = answers.RegistrationAnswer.parse(created.body);
      expect(registration.items).toHaveLength(2);
      const token = registration.manageUrl.split('/').pop();

      const read = await request(t.app).get(`/api/v1/registrations/${token}`).expect(200);
      expect(answers.RegistrationAnswer.parse(read.body).registration.id).toBe(registration.id);
      const cancelled = await request(t.app).delete(`/api/v1/registrations/${token}`).expect(200);
      expect(answers.RegistrationAnswer.parse(cancelled.body).registration.status).toBe('cancelled');
    });

    it('a seminar registration (seminars carry audience, place and address)', async () => {
      const { event } = answers.EventAnswer.parse(
        (await request(t.app).get(`/api/v1/events/${SEMINARS_SLUG}`).expect(200)).body,
      );
      const seminar = event.sessions.find((s) => s.regionId === 'riga' && s.kind === 'seminar');
      const created = await request(t.app)
        .post(`/api/v1/events/${SEMINARS_SLUG}/registrations`)
        .send(person({ sessionIds: [seminar?.id] }))
        .expect(201);
      expect(answers.RegistrationAnswer.parse(created.body).registration.items).toHaveLength(1);
    });

    it('errors: 400 with fields, 404, 409, 413', async () => {
      const register = `/api/v1/events/${SLUG}/registrations`;
      const invalid = await request(t.app)
        .post(register)
        .send(person({ email: 'nope', extra: 1 }))
        .expect(400);
      const body = answers.ErrorBody.parse(invalid.body);
      expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['email', 'extra']);
      const notJson = await request(t.app).post(register).type('form').send('name=x').expect(400);
      expect(answers.ErrorBody.parse(notJson.body).error.fields).toHaveProperty('_');

      const missing = await request(t.app).get('/api/v1/events/nav-tada').expect(404);
      expect(answers.ErrorBody.parse(missing.body).error.code).toBe('not_found');
      const unknownToken = await request(t.app).get('/api/v1/registrations/nope').expect(404);
      answers.ErrorBody.parse(unknownToken.body);

      const body409 = person();
      await request(t.app).post(register).send(body409).expect(201);
      const again = await request(t.app).post(register).send(body409).expect(409);
      expect(answers.ErrorBody.parse(again.body).error.code).toBe('already_registered');

      const large = await request(t.app)
        .post(register)
        .send(person({ name: 'x'.repeat(20_000) }))
        .expect(413);
      expect(answers.ErrorBody.parse(large.body).error.code).toBe('payload_too_large');
    });

    it('429 with Retry-After once a client address registers too often', async () => {
      // The limit counts requests per client address (600 in ten minutes): refused ones count too.
      const register = `/api/v1/events/${SLUG}/registrations`;
      const body = person({ regionId: 'atlantis' });
      let res = await request(t.app).post(register).send(body);
      for (let i = 0; i < 700 && res.status !== 429; i++) res = await request(t.app).post(register).send(body);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(answers.ErrorBody.parse(res.body).error.code).toBe('rate_limited');
    });

    it('the organizer API: 401 without a token, a quota change, a registration list', async () => {
      const anonymous = await request(t.app).patch(`/api/v1/admin/quotas/${ids.quota.riga}`).send({ size: 5 });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expect(answers.ErrorBody.parse(anonymous.body).error.code).toBe('unauthorized');

      const token = await apiToken(t, await organizer(t, 'openapi@example.lv'));
      const changed = await request(t.app)
        .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ size: 150 })
        .expect(200);
      expect(answers.QuotaChange.parse(changed.body).quota).toMatchObject({ id: ids.quota.riga, size: 150 });

      const list = await request(t.app)
        .get(`/api/v1/admin/events/${SLUG}/registrations?lang=en`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const page = answers.RegistrantList.parse(list.body);
      expect(page.total).toBeGreaterThan(0);
      expect(page.registrations.some((r) => r.seats.length > 0)).toBe(true);

      const csv = await request(t.app)
        .get(`/api/v1/admin/events/${SLUG}/registrations?format=csv`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const op = doc.paths['/admin/events/{slug}/registrations']!.get!;
      expect(Object.keys((op.responses['200'] as { content: Json }).content)).toContain('text/csv');
    });
  });
});
