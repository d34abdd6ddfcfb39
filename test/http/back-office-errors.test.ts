import { beforeEach, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** The back office's own layout: its header and navigation, not the public error page's. */
function inBackOffice(html: string): void {
  expect(html).toContain('<body class="admin">');
  expect(html).toContain('href="/admin/outbox"');
  expect(html).not.toContain('Atpakaļ uz pasākumiem');
  expect(html).not.toContain('Back to events');
}

/** The input of a field, as the page marks it. */
const inputOf = (html: string, name: string): string =>
  new RegExp(`<input id="${name}" name="${name}"[^>]*>`).exec(html)?.[0] ?? '';

describe('rule 1: a refused back-office action answers in the back office', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'vidzeme'] });
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  const fill = async (n: number) => {
    const [workshop] = event.workshops.riga ?? [];
    for (let i = 0; i < n; i++) await register(t.ctx, event.slug, input({ sessionIds: [workshop] }));
  };

  for (const who of ['admin@example.lv', 'riga@example.lv']) {
    it(`a cut below what is confirmed shows the size form again, the field marked and the number named (${who}, lv and en)`, async () => {
      await fill(5);
      const { post } = await signIn(t, who);
      const lv = await post(`/admin/quotas/${event.quota.riga}/size`, { size: 2 }).expect(400);
      inBackOffice(lv.text);
      expect(lv.text).not.toContain('Kļūda 400');
      expect(inputOf(lv.text, 'size')).toContain('aria-invalid=true');
      expect(inputOf(lv.text, 'size')).toContain('value="2"');
      expect(lv.text).toContain('Nevar samazināt zem 5 — tik vietu jau ir apstiprināts.');
      expect(lv.text).toContain('<a href="#size">Vietas: Nevar samazināt zem 5');
      expect(lv.text).toContain(`href="/admin/events/${event.slug}"`);

      const en = await post(`/admin/quotas/${event.quota.riga}/size?lang=en`, { size: 2 }).expect(400);
      inBackOffice(en.text);
      expect(inputOf(en.text, 'size')).toContain('aria-invalid=true');
      expect(en.text).toContain('Cannot cut below 5: that many places are already confirmed.');

      const quota = (await t.db('quotas').where('id', event.quota.riga).first('size', 'used')) as object;
      expect(quota).toEqual({ size: 100, used: 5 });
    });
  }

  it('a size that is not a number is marked on the same form; the form is there to open too', async () => {
    const { agent, post } = await signIn(t, 'riga@example.lv');
    const form = await agent.get(`/admin/quotas/${event.quota.riga}/size`).expect(200);
    expect(inputOf(form.text, 'size')).toContain('value="100"');
    const res = await post(`/admin/quotas/${event.quota.riga}/size`, { size: 'daudz' }).expect(400);
    inBackOffice(res.text);
    expect(inputOf(res.text, 'size')).toContain('aria-invalid=true');
    expect(res.text).toContain('Ievadiet veselu skaitli');
  });

  it("a coordinator's action outside their regions is a 403 page of the back office with a way back (lv and en)", async () => {
    const { agent, post } = await signIn(t, 'riga@example.lv');
    const lv = await post(`/admin/quotas/${event.quota.vidzeme}/size`, { size: 5 }).expect(403);
    inBackOffice(lv.text);
    expect(lv.text).toContain('Jums nav piekļuves.');
    expect(lv.text).toContain('<a href="/admin">Atpakaļ uz pārskatu</a>');
    const en = await agent.get('/admin/events/new?lang=en').expect(403);
    inBackOffice(en.text);
    expect(en.text).toContain('<a href="/admin">Back to the dashboard</a>');
    // a page of an event it may see leads back to that event
    const edit = await agent.get(`/admin/events/${event.slug}/edit?lang=lv`).expect(403);
    inBackOffice(edit.text);
    expect(edit.text).toContain(`<a href="/admin/events/${event.slug}">Atpakaļ uz pasākuma lapu</a>`);
    expect((await t.db('quotas').where('id', event.quota.vidzeme).first('size')) as object).toEqual({ size: 100 });
  });

  it('an id or an event that is not there is a 404 page of the back office (admin, lv and en)', async () => {
    const { agent } = await signIn(t, 'admin@example.lv');
    for (const url of [
      '/admin/registrations/999999',
      '/admin/events/nav-tada',
      '/admin/quotas/abc/size',
      '/admin/nav',
    ]) {
      const res = await agent.get(url).expect(404);
      inBackOffice(res.text);
      expect(res.text).toContain('Kļūda 404');
      expect(res.text).toContain('<a href="/admin">Atpakaļ uz pārskatu</a>');
      expect(res.text).not.toContain('Atpakaļ uz pasākuma lapu');
    }
    const en = await agent.get('/admin/registrations/999999?lang=en').expect(404);
    inBackOffice(en.text);
    expect(en.text).toContain('Error 404');
  });

  it('the JSON API answers its errors as before', async () => {
    const res = await (await signIn(t, 'admin@example.lv')).agent.get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('a session whose end is before its start, or whose date does not parse, shows the form again with the field marked', async () => {
    const { post } = await signIn(t, 'admin@example.lv');
    const [workshop] = event.workshops.riga ?? [];
    const session = {
      kind: 'workshop',
      regionId: 'riga',
      titleLv: 'Darbnīca',
      titleEn: 'Workshop',
      startsAt: '2027-03-01T12:00',
      endsAt: '2027-03-01T11:00',
      streamUrl: '',
      joinUrl: '',
      place: '',
      address: '',
      speakersLv: '',
      speakersEn: '',
      embedOrigins: '',
      audience: '',
    };
    for (const url of [`/admin/events/${event.slug}/sessions`, `/admin/sessions/${workshop}/edit`]) {
      const before = await post(`${url}?lang=lv`, session).expect(400);
      inBackOffice(before.text);
      expect(inputOf(before.text, 'endsAt')).toContain('aria-invalid=true');
      expect(before.text).toContain('Beigām jābūt vēlāk par sākumu.');
      const unparsable = await post(`${url}?lang=en`, { ...session, startsAt: '1. marts' }).expect(400);
      inBackOffice(unparsable.text);
      expect(inputOf(unparsable.text, 'startsAt')).toContain('aria-invalid=true');
      expect(unparsable.text).toContain('Enter a date and time.');
    }
    expect(await t.db('sessions').where('title_lv', 'Darbnīca').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('an event whose registration closes before it opens shows the event form again with the field marked', async () => {
    const { post } = await signIn(t, 'admin@example.lv');
    const res = await post(`/admin/events/${event.slug}/edit`, {
      slug: event.slug,
      kind: 'conference',
      titleLv: 'Konference',
      titleEn: 'Conference',
      opensAt: '2027-03-01T12:00',
      closesAt: '2027-02-01T12:00',
      reminderHours: '24',
      joinLinkMinutes: '30',
      retentionDays: '365',
    });
    expect(res.status).toBe(400);
    inBackOffice(res.text);
    expect(inputOf(res.text, 'closesAt')).toContain('aria-invalid=true');
    expect(res.text).toContain('Beigām jābūt vēlāk par sākumu.');
  });
});
