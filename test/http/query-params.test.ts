import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiToken, organizer, signIn } from '../support/admin.js';
import { conference, seminarSeries } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';
const SEMINARS = 'seminari';
const LIST = `/admin/events/${SLUG}/registrations`;
const API_LIST = `/api/v1/admin/events/${SLUG}/registrations`;

type Browser = Awaited<ReturnType<typeof signIn>>;

describe('query parameters: parsed by a schema, 400 for a repeated or over-long one, unknown ones ignored', () => {
  const { t } = useTestApp({ seed: false });
  let admin: Browser;
  let key: string;

  beforeAll(async () => {
    await conference(t.db, t.clock.now(), { slug: SLUG });
    await seminarSeries(t.db, t.clock.now(), {
      slug: SEMINARS,
      seminars: [{ regionId: 'riga' }, { regionId: 'vidzeme', audience: 'school_staff', place: 'Cēsu 1. pamatskola' }],
    });
    key = await apiToken(t, await organizer(t, 'admin@example.lv', 'admin'));
    admin = await signIn(t, 'admin@example.lv');
  });

  const api = (url: string, lang = 'en') =>
    request(t.app).get(url).set('Authorization', `Bearer ${key}`).set('Accept-Language', lang);

  it('the organizer API answers 400 invalid_input with the field, in the language asked for', async () => {
    const en = await api(`${API_LIST}?q=${'x'.repeat(201)}`);
    expect(en.status).toBe(400);
    expect(en.body).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.any(String) as string,
        fields: { q: 'The text is too long (at most 200 characters).' },
      },
    });
    const lv = await api(`${API_LIST}?region=${'r'.repeat(33)}`, 'lv');
    expect(lv.status).toBe(400);
    expect((lv.body as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      region: 'Teksts ir pārāk garš (ne vairāk kā 32 rakstzīmes).',
    });
    const twice = await api(`${API_LIST}?q=a&q=b`);
    expect(twice.status).toBe(400);
    expect((twice.body as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('q');
  });

  it('the organizer list page answers the localized error page, not a 500', async () => {
    const res = await admin.agent.get(`${LIST}?q=a&q=b`);
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<html');
  });

  it('unknown parameters are ignored, also when repeated; good filters still work', async () => {
    expect((await admin.agent.get(`${LIST}?utm_source=x&utm_source=y&q=anna`)).status).toBe(200);
    expect((await api(`${API_LIST}?foo=1&foo=2&status=active&page=1`)).status).toBe(200);
    expect((await request(t.app).get(`/?fbclid=1&fbclid=2&region=riga`)).status).toBe(200);
    expect((await request(t.app).get(`/events/${SEMINARS}?x=1&x=2&audience=school_staff`)).status).toBe(200);
    expect((await request(t.app).get(`/api/v1/events?x=1&x=2&lang=en`)).status).toBe(200);
  });

  it('a value that is merely unknown keeps its old meaning ("all"), it is not an error', async () => {
    expect((await admin.agent.get(`${LIST}?status=nonsense&session=abc&page=zero`)).status).toBe(200);
    expect((await request(t.app).get(`/?region=atlantis&kind=party`)).status).toBe(200);
    expect((await request(t.app).get(`/events/${SEMINARS}?audience=aliens&month=soon`)).status).toBe(200);
    expect((await request(t.app).get(`/events/${SLUG}?lang=de`)).status).toBe(200);
  });

  it('the seminar list refuses a repeated filter', async () => {
    for (const qs of [
      'audience=school_staff&audience=municipality_staff',
      'region=riga&region=riga',
      'month=a&month=b',
    ]) {
      expect((await request(t.app).get(`/events/${SEMINARS}?${qs}`)).status, qs).toBe(400);
    }
  });

  it('no GET route answers 5xx to a repeated, over-long or odd parameter, and nothing is written', async () => {
    const token = 'A'.repeat(32);
    const routes = [
      '/',
      `/events/${SLUG}`,
      `/events/${SEMINARS}`,
      `/events/${SLUG}/register`,
      `/events/${SLUG}/lost-link`,
      `/events/${SLUG}/live/riga`,
      `/events/${SLUG}/calendar.ics`,
      `/r/${token}`,
      '/api/v1/events',
      `/api/v1/events/${SLUG}`,
      `/api/v1/registrations/${token}`,
      LIST,
      `/admin/events/${SLUG}/report`,
      '/admin/audit',
      API_LIST,
    ];
    const names = ['q', 'region', 'session', 'status', 'page', 'format', 'by', 'before', 'lang', 'kind', 'audience'];
    const odd = (name: string) => [
      `${name}=a&${name}=b`,
      `${name}=${'x'.repeat(5000)}`,
      `${name}[a]=b`,
      `${name}=%00`,
      `${name}=%E0%A4%A`,
    ];
    const count = async () => Number(((await t.db('registrations').count({ n: '*' })) as { n: number }[])[0]?.n);
    const before = await count();
    const fives: string[] = [];
    for (const route of routes) {
      for (const qs of names.flatMap(odd)) {
        const url = `${route}?${qs}`;
        const res = route.startsWith('/api/v1/admin')
          ? await api(url)
          : route.startsWith('/admin')
            ? await admin.agent.get(url)
            : await request(t.app).get(url);
        if (res.status >= 500) fives.push(`${res.status} ${url.slice(0, 80)}`);
      }
    }
    expect(fives).toEqual([]);
    expect(await count()).toBe(before);
  });
});
