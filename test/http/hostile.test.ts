import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/services/registrations.js';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { createTestApp, demoIds, DEMO_SLUG, person, type DemoIds, type TestApp } from '../support/app.js';
import { formAgent } from '../support/forms.js';

/**
 * A table of hostile and malformed inputs against every public and organizer endpoint
 * that takes input. Each must answer 4xx with its documented code, never 5xx, and leave
 * the database exactly as it was.
 */

const DOMAIN_TABLES = [
  'events',
  'sessions',
  'quotas',
  'quota_sessions',
  'registrations',
  'seats',
  'outbox',
  'organizers',
  'organizer_regions',
  'api_tokens',
];

interface Case {
  name: string;
  send: () => Promise<request.Response>;
  status: number;
  code?: string;
  /** The one documented side effect: a duplicate registration queues the link again. */
  queuesMail?: boolean;
}

const SQL = ["' OR '1'='1", "'; DROP TABLE registrations; --", '1; SELECT * FROM organizers', '" OR ""="'];
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'];
const CRLF = ['Anna\r\nBcc: victim@evil.example', 'x\nSubject: hi', 'a\u0000b'];
const UNICODE = ['\u202Eriga', 'riga\u200B', '\uD800', 'ｒｉｇａ', '🙂'];
const WRONG_TYPES: unknown[] = [42, true, null, ['a'], { $gt: '' }];
const LONG = 'x'.repeat(5000);

describe('hostile and malformed input', () => {
  let t: TestApp;
  let ids: DemoIds;
  let token: string;
  let seatId: number;
  let apiKey: string;
  const cases: Case[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t.db);
    const admin = await organizer(t, 'admin@example.lv', 'admin');
    apiKey = await apiToken(t, admin);
    const [a] = ids.workshops.riga ?? [];
    const r = await register(
      t.ctx,
      DEMO_SLUG,
      person({ email: 'existing@skola.lv', sessionIds: [a] }) as unknown as RegistrationInput,
    );
    token = r.token;
    seatId = r.seats.find((s) => s.sessionId === a)?.id ?? 0;
  });
  afterAll(() => t.close());

  async function snapshot(withOutbox = true): Promise<string> {
    const hash = createHash('sha256');
    for (const table of DOMAIN_TABLES) {
      if (table === 'outbox' && !withOutbox) continue;
      const rows = (await t.db(table).select('*').orderByRaw('1')) as Record<string, unknown>[];
      // Using a token stamps its last use: bookkeeping, not a change anyone made.
      hash.update(JSON.stringify(rows.map(({ last_used_at: _stamp, ...rest }) => rest)));
    }
    return hash.digest('hex');
  }

  const api = `/api/v1/events/${DEMO_SLUG}/registrations`;
  const valid = () => person({ sessionIds: [ids.workshops.riga?.[0]] });
  const json = (body: unknown) => () =>
    request(t.app)
      .post(api)
      .set('Accept-Language', 'en')
      .send(body as object);
  const invalidJson = (name: string, body: unknown) =>
    cases.push({ name, send: json(body), status: 400, code: 'invalid_input' });

  function buildCases(browser: Awaited<ReturnType<typeof formAgent>>, admin: Awaited<ReturnType<typeof signIn>>) {
    // JSON API registration: every field, every kind of bad value.
    const badByField: Record<string, unknown[]> = {
      name: ['', '   ', LONG, ...CRLF, ...WRONG_TYPES],
      email: [
        '',
        'not-an-email',
        `${'a'.repeat(250)}@x.lv`,
        ...SQL,
        ...SCRIPT,
        ...CRLF,
        ...UNICODE.slice(0, 3),
        ...WRONG_TYPES,
      ],
      institution: ['', LONG, ...CRLF, ...WRONG_TYPES],
      municipality: ['', 'atlantis', ...SQL, ...SCRIPT, ...UNICODE, ...WRONG_TYPES, LONG],
      role: ['', 'astronaut', ...SQL, ...SCRIPT, ...WRONG_TYPES],
      regionId: ['', 'atlantis', ...SQL, ...UNICODE, ...WRONG_TYPES, LONG],
      sessionIds: [
        '1',
        [0],
        [-1],
        [1.5],
        ['1'],
        [999999],
        Array.from({ length: 31 }, (_, i) => i + 1),
        [null],
        { 0: 1 },
      ],
      language: ['de', '', 'LV', ...WRONG_TYPES],
      consent: [false, 'true', 'yes', 1, null],
    };
    for (const [field, values] of Object.entries(badByField)) {
      values.forEach((value, i) =>
        invalidJson(`API ${field} #${i}: ${JSON.stringify(value)?.slice(0, 40)}`, { ...valid(), [field]: value }),
      );
    }
    for (const field of ['name', 'email', 'institution', 'municipality', 'role', 'regionId', 'language', 'consent']) {
      const body: Record<string, unknown> = valid();
      delete body[field];
      invalidJson(`API missing ${field}`, body);
    }
    invalidJson('API unknown field', { ...valid(), isAdmin: true });
    invalidJson('API prototype pollution', JSON.parse(`{"name":"A","__proto__":{"admin":true}}`));
    invalidJson('API body is an array', [valid()]);
    invalidJson('API body is a string', 'hello');
    cases.push({
      name: 'API duplicate keys (last consent wins: false)',
      send: () =>
        request(t.app)
          .post(api)
          .set('Content-Type', 'application/json')
          .send(`{"consent":true,${JSON.stringify(valid()).slice(1, -1)},"consent":false}`),
      status: 400,
      code: 'invalid_input',
    });
    cases.push({
      name: 'API malformed JSON',
      send: () => request(t.app).post(api).set('Content-Type', 'application/json').send('{"name": "A",'),
      status: 400,
      code: 'invalid_input',
    });
    cases.push({
      name: 'API form-encoded body',
      send: () => request(t.app).post(api).type('form').send({ name: 'A' }),
      status: 400,
      code: 'invalid_input',
    });
    cases.push({
      name: 'API huge body',
      send: () =>
        request(t.app)
          .post(api)
          .send({ ...valid(), name: 'x'.repeat(200_000) }),
      status: 413,
      code: 'payload_too_large',
    });
    cases.push({
      name: 'API unknown event',
      send: () => request(t.app).post(`/api/v1/events/nav-tada/registrations`).send(valid()),
      status: 404,
      code: 'not_found',
    });
    cases.push({
      name: 'API event slug with SQL',
      send: () =>
        request(t.app)
          .post(`/api/v1/events/${encodeURIComponent("x' OR 1=1 --")}/registrations`)
          .send(valid()),
      status: 404,
      code: 'not_found',
    });
    cases.push({
      name: 'API duplicate email (other case)',
      send: () =>
        request(t.app)
          .post(api)
          .send({ ...valid(), email: 'EXISTING@skola.lv' }),
      status: 409,
      code: 'already_registered',
      queuesMail: true,
    });

    // Reading and cancelling by token: stale, forged and hostile tokens.
    for (const bad of [
      'x',
      'A'.repeat(32),
      "' OR 1=1 --",
      '%00',
      '..%2F..%2Fetc%2Fpasswd',
      token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
    ]) {
      cases.push({
        name: `API GET token ${bad.slice(0, 20)}`,
        send: () => request(t.app).get(`/api/v1/registrations/${bad}`),
        status: 404,
        code: 'not_found',
      });
      cases.push({
        name: `API DELETE token ${bad.slice(0, 20)}`,
        send: () => request(t.app).delete(`/api/v1/registrations/${bad}`),
        status: 404,
        code: 'not_found',
      });
      cases.push({
        name: `manage page token ${bad.slice(0, 20)}`,
        send: () => request(t.app).get(`/r/${bad}`),
        status: 404,
      });
    }
    for (const slug of ['nav-tada', "x' OR 1=1", '<script>']) {
      cases.push({
        name: `API event ${slug}`,
        send: () => request(t.app).get(`/api/v1/events/${encodeURIComponent(slug)}`),
        status: 404,
        code: 'not_found',
      });
      cases.push({
        name: `event page ${slug}`,
        send: () => request(t.app).get(`/events/${encodeURIComponent(slug)}`),
        status: 404,
      });
    }

    // The HTML form: same rules, plus CSRF and the honeypot.
    let n = 0;
    const formBody = (over: Record<string, unknown>) => ({
      name: 'Anna',
      email: `anna.form${++n}@skola.lv`,
      institution: 'Skola',
      municipality: 'riga',
      role: 'teacher',
      regionId: 'riga',
      workshop: 'none',
      language: 'lv',
      consent: 'yes',
      ...over,
    });
    const formCases: [string, Record<string, unknown>][] = [
      ['name CRLF', { name: CRLF[0] }],
      ['name empty', { name: '' }],
      ['name long', { name: LONG }],
      ['email SQL', { email: SQL[0] }],
      ['email script', { email: SCRIPT[0] }],
      ['municipality SQL', { municipality: SQL[1] }],
      ['municipality unicode', { municipality: UNICODE[0] }],
      ['role script', { role: SCRIPT[1] }],
      ['region SQL', { regionId: SQL[2] }],
      ['workshop not a number', { workshop: 'abc' }],
      ['workshop SQL', { workshop: SQL[0] }],
      ['workshop other region', { workshop: String(ids.workshops.latgale?.[0]) }],
      ['both workshops', { workshop: (ids.workshops.riga ?? []).map(String) }],
      ['language unknown', { language: 'ru' }],
      ['no consent', { consent: undefined }],
      ['consent wrong value', { consent: 'on' }],
      ['honeypot filled', { website: 'http://spam.example' }],
    ];
    for (const [name, over] of formCases) {
      cases.push({
        name: `form ${name}`,
        send: () => browser.post(`/events/${DEMO_SLUG}/register`, formBody(over)),
        status: 400,
      });
    }
    cases.push({
      name: 'form without CSRF token',
      send: () => browser.agent.post(`/events/${DEMO_SLUG}/register`).type('form').send(formBody({})),
      status: 403,
    });
    cases.push({
      name: 'form with a forged CSRF token',
      send: () =>
        browser.agent
          .post(`/events/${DEMO_SLUG}/register`)
          .type('form')
          .send({ ...formBody({}), _csrf: 'forged' }),
      status: 403,
    });
    cases.push({
      name: 'form without any cookie',
      send: () => request(t.app).post(`/events/${DEMO_SLUG}/register`).type('form').send(formBody({})),
      status: 403,
    });
    cases.push({
      name: 'form huge body',
      send: () => browser.post(`/events/${DEMO_SLUG}/register`, formBody({ name: 'x'.repeat(100_000) })),
      status: 413,
    });
    cases.push({
      name: 'form too many parameters',
      send: () =>
        browser.post(
          `/events/${DEMO_SLUG}/register`,
          Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, 'x'])),
        ),
      status: 400,
    });

    // Manage actions.
    const manage = `/r/${token}`;
    cases.push({
      name: 'manage cancel without CSRF',
      send: () => request(t.app).post(`${manage}/cancel`),
      status: 403,
    });
    cases.push({
      name: 'manage delete without CSRF',
      send: () => request(t.app).post(`${manage}/delete`),
      status: 403,
    });
    cases.push({
      name: 'manage new link without CSRF',
      send: () => request(t.app).post(`${manage}/new-link`),
      status: 403,
    });
    for (const bad of ['abc', '0', '-1', "1' OR '1'='1", '99999999']) {
      cases.push({
        name: `switch to session ${bad}`,
        send: () => browser.post(`${manage}/seats/${seatId}/switch`, { sessionId: bad }),
        status: bad === '99999999' ? 400 : 400,
      });
      cases.push({
        name: `cancel seat ${bad}`,
        send: () => browser.post(`${manage}/seats/${encodeURIComponent(bad)}/cancel`),
        status: 404,
      });
    }
    cases.push({
      name: 'cancel the plenary seat alone',
      send: async () => {
        const plenary = (await t.db('seats').where({ session_id: ids.plenary.riga }).first('id')) as { id: number };
        return browser.post(`${manage}/seats/${plenary.id}/cancel`);
      },
      status: 409,
    });
    for (const bad of ['', 'nav-epasts', SQL[0], SCRIPT[0], CRLF[0], LONG]) {
      cases.push({
        name: `lost link ${String(bad).slice(0, 20)}`,
        send: () => browser.post(`/events/${DEMO_SLUG}/lost-link`, { email: bad }),
        status: 400,
      });
    }
    cases.push({
      name: 'stream page of an unknown region',
      send: () => request(t.app).get(`/events/${DEMO_SLUG}/live/atlantis`),
      status: 404,
    });
    cases.push({
      name: 'calendar of a forged token',
      send: () => request(t.app).get(`/r/${'B'.repeat(32)}/calendar.ics`),
      status: 404,
    });

    // Organizer side: login, capacity, programme, organizers, API.
    for (const [email, password] of [
      ["' OR 1=1 --", 'x'],
      ['admin@example.lv', "' OR '1'='1"],
      ['<script>', '<script>'],
      ['admin@example.lv', ''],
      ['', ''],
    ] as const) {
      cases.push({
        name: `login ${email.slice(0, 12)}/${password.slice(0, 12)}`,
        send: () => browser.post('/admin/login', { email, password }),
        status: 401,
      });
    }
    cases.push({
      name: 'login with array values',
      send: () =>
        browser.agent
          .post('/admin/login')
          .type('form')
          .send(`_csrf=${browser.csrf}&email=a&email=b&password=x&password=y`),
      status: 401,
    });
    for (const size of ['-1', 'abc', '1.5', '1e9', '1; DROP TABLE quotas', '', '0x10']) {
      cases.push({
        name: `resize to ${size}`,
        send: () => admin.post(`/admin/quotas/${ids.quota.riga}/size`, { size }),
        status: 400,
      });
    }
    cases.push({
      name: 'resize below the confirmed count',
      send: () => admin.post(`/admin/quotas/${ids.quota.riga}/size`, { size: 0 }),
      status: 400,
    });
    cases.push({
      name: 'resize an unknown quota',
      send: () => admin.post('/admin/quotas/99999/size', { size: 5 }),
      status: 404,
    });
    cases.push({
      name: 'resize without CSRF',
      send: () => admin.agent.post(`/admin/quotas/${ids.quota.riga}/size`).type('form').send({ size: 5 }),
      status: 403,
    });
    for (const size of [-1, 'five', 1.5, null, [5], { size: 5 }]) {
      cases.push({
        name: `API resize to ${JSON.stringify(size)}`,
        send: () =>
          request(t.app)
            .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
            .set('Authorization', `Bearer ${apiKey}`)
            .send({ size }),
        status: 400,
        code: 'invalid_input',
      });
    }
    cases.push({
      name: 'API resize with an unknown field',
      send: () =>
        request(t.app)
          .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
          .set('Authorization', `Bearer ${apiKey}`)
          .send({ size: 5, used: 0 }),
      status: 400,
      code: 'invalid_input',
    });
    cases.push({
      name: 'API resize with a stale token',
      send: () =>
        request(t.app)
          .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
          .set('Authorization', 'Bearer evt_' + 'A'.repeat(43))
          .send({ size: 5 }),
      status: 401,
      code: 'unauthorized',
    });
    cases.push({
      name: 'API resize with a SQL token',
      send: () =>
        request(t.app)
          .patch(`/api/v1/admin/quotas/${ids.quota.riga}`)
          .set('Authorization', "Bearer ' OR 1=1 --")
          .send({ size: 5 }),
      status: 401,
      code: 'unauthorized',
    });
    cases.push({
      name: 'API list without a token',
      send: () => request(t.app).get(`/api/v1/admin/events/${DEMO_SLUG}/registrations`),
      status: 401,
      code: 'unauthorized',
    });
    const event = {
      slug: 'new-event',
      kind: 'conference',
      titleLv: 'A',
      titleEn: 'B',
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-10T09:00',
      reminderHours: '24',
    };
    const badEvents: [string, Record<string, unknown>][] = [
      ['slug with spaces', { slug: 'Bad Slug' }],
      ['slug with SQL', { slug: SQL[1] }],
      ['slug taken', { slug: DEMO_SLUG }],
      ['unknown kind', { kind: 'party' }],
      ['empty title', { titleLv: '' }],
      ['title CRLF', { titleEn: 'a\u0000b' }],
      ['bad open date', { opensAt: 'yesterday' }],
      ['closes before it opens', { closesAt: '2026-11-01T09:00' }],
      ['reminder hours text', { reminderHours: 'many' }],
      ['reminder hours negative', { reminderHours: '-5' }],
    ];
    for (const [name, over] of badEvents)
      cases.push({
        name: `new event: ${name}`,
        send: () => admin.post('/admin/events', { ...event, ...over }),
        status: 400,
      });
    const session = {
      kind: 'workshop',
      regionId: 'riga',
      titleLv: 'A',
      titleEn: 'B',
      startsAt: '2026-12-21T12:00',
      endsAt: '2026-12-21T14:00',
      streamUrl: '',
      joinUrl: '',
      place: '',
      audience: '',
    };
    const badSessions: [string, Record<string, unknown>][] = [
      ['unknown kind', { kind: 'party' }],
      ['javascript: join link', { joinUrl: 'javascript:alert(1)' }],
      ['http stream link', { streamUrl: 'http://insecure.example' }],
      ['ends before it starts', { endsAt: '2026-12-21T11:00' }],
      ['unknown audience', { audience: 'aliens' }],
      ['player origin not https', { embedOrigins: 'http://player.example' }],
      ['player origin with a path', { embedOrigins: 'https://player.example/embed?x=<script>' }],
    ];
    for (const [name, over] of badSessions) {
      cases.push({
        name: `new session: ${name}`,
        send: () => admin.post(`/admin/events/${DEMO_SLUG}/sessions`, { ...session, ...over }),
        status: 400,
      });
    }
    const org = {
      email: 'new@example.lv',
      name: 'New',
      role: 'coordinator',
      regionIds: 'riga',
      password: 'long enough password',
    };
    const badOrgs: [string, Record<string, unknown>][] = [
      ['bad email', { email: SQL[0] }],
      ['short password', { password: 'short' }],
      ['unknown role', { role: 'root' }],
      ['coordinator without region', { regionIds: undefined }],
      ['unknown region', { regionIds: 'atlantis' }],
      ['taken email', { email: 'admin@example.lv' }],
    ];
    for (const [name, over] of badOrgs)
      cases.push({
        name: `new organizer: ${name}`,
        send: () => admin.post('/admin/organizers', { ...org, ...over }),
        status: 400,
      });
    cases.push({
      name: 'announcement without subject',
      send: () => admin.post(`/admin/events/${DEMO_SLUG}/announce`, { subject: '', text: 'x', action: 'send' }),
      status: 400,
    });
    cases.push({
      name: 'announcement subject CRLF',
      send: () => admin.post(`/admin/events/${DEMO_SLUG}/announce`, { subject: 'a\u0000b', text: 'x', action: 'send' }),
      status: 400,
    });
    cases.push({
      name: 'attendance of an unknown session',
      send: () => admin.post('/admin/sessions/99999/attendance', { present: '1' }),
      status: 404,
    });
    cases.push({
      name: 'promote a confirmed seat',
      send: () => admin.post(`/admin/seats/${seatId}/promote`),
      status: 409,
    });
    cases.push({
      name: 'move to an unknown session',
      send: () => admin.post(`/admin/seats/${seatId}/move`, { sessionId: '99999' }),
      status: 400,
    });
  }

  it('answers every case with its 4xx, never 5xx, and changes nothing', async () => {
    const browser = await formAgent(t);
    const admin = await signIn(t, 'admin@example.lv');
    buildCases(browser, admin);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const failures: string[] = [];
    for (const c of cases) {
      const before = await snapshot(!c.queuesMail);
      const res = await c.send();
      const after = await snapshot(!c.queuesMail);
      const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
      if (res.status !== c.status) failures.push(`${c.name}: expected ${c.status}, got ${res.status}`);
      else if (c.code && code !== c.code) failures.push(`${c.name}: expected code ${c.code}, got ${code}`);
      if (before !== after) failures.push(`${c.name}: the database changed`);
    }
    expect(failures).toEqual([]);
  });
});
