import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { readableChanges } from '../../server/domain/logDiff.js';
import { ZONE } from '../../server/domain/time.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('the back office speaks people’s language', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['riga', 'kurzeme'] });
  });

  it('when a registrant is opened, then municipality, region, language and message kinds are names, and the view goes to the access log only', async () => {
    const { registration } = await register(
      t.ctx,
      event.slug,
      input({ name: 'Ērika Ķēniņa', municipality: 'adazi', language: 'en' }),
    );
    await organizer(t, 'admin@example.lv');
    const { agent } = await signIn(t, 'admin@example.lv');
    const html = (await agent.get(`/admin/registrations/${registration.id}`).expect(200)).text;
    expect(html).toContain('<dd>Ādažu novads</dd>');
    expect(html).toContain('<dd>Rīga</dd>');
    expect(html).toContain('<dd>English</dd>');
    expect(html).toContain('<td>reģistrācijas apstiprinājums</td>');
    expect(html).not.toMatch(/<dd>(adazi|riga|en)<\/dd>|<td>registration_received<\/td>/);
    const access = (await t.db('access_log').select('actor', 'action', 'target_type', 'target_id')) as unknown[];
    expect(access).toEqual([
      {
        actor: 'admin@example.lv',
        action: 'registration.view',
        target_type: 'registration',
        target_id: String(registration.id),
      },
    ]);
    expect(await t.db('audit_log').where('action', 'registration.view').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('when the audit log is filtered by person, action, target and date, then only those entries show, in words, with readable changes', async () => {
    await organizer(t, 'admin@example.lv');
    await organizer(t, 'other@example.lv');
    const { agent, post } = await signIn(t, 'admin@example.lv');
    await post(`/admin/quotas/${event.quota.riga}/size`, { size: 120 }).expect(200);
    const other = await signIn(t, 'other@example.lv');
    await other.post(`/admin/quotas/${event.quota.kurzeme}/size`, { size: 90 }).expect(200);

    const get = async (qs: string) => (await agent.get(`/admin/audit?${qs}`).expect(200)).text;
    const mine = await get('actor=admin%40example.lv&action=quota.resize');
    expect(mine).toContain('<td>vietu skaits mainīts</td>');
    expect(mine).toContain('vietu limits: ');
    expect(mine).toMatch(/vietas: <del>100<\/del> → <ins>120<\/ins>/);
    expect(mine).not.toContain('<ins>90</ins>');
    expect(mine).not.toContain('{&#34;size&#34;');
    const byTarget = await get(`targetType=quota&targetId=${event.quota.kurzeme}`);
    expect(byTarget).toContain('<ins>90</ins>');
    expect(byTarget).not.toContain('<ins>120</ins>');
    // The filter's days are Riga's: between 22:00 and 24:00 UTC, Riga is a day ahead.
    const today = DateTime.fromJSDate(t.clock.now(), { zone: ZONE }).toISODate() ?? '';
    expect(await get(`action=quota.resize&from=${today}&to=${today}`)).toContain('<ins>120</ins>');
    expect(await get('action=quota.resize&from=2000-01-01&to=2000-01-02')).toContain(
      'Atlasei neatbilst neviens ieraksts.',
    );
    // the filter choices are words too
    expect(mine).toContain('<option value="quota.resize" selected>vietu skaits mainīts</option>');
  });

  it('when an organizer looks at lists and exports, then the access log holds them, filterable, and the audit log does not', async () => {
    await organizer(t, 'admin@example.lv');
    const { agent } = await signIn(t, 'admin@example.lv');
    await agent.get(`/admin/events/${event.slug}/registrations?region=riga`).expect(200);
    await agent.get(`/admin/events/${event.slug}/registrations?format=csv`).expect(200);
    const access = (await agent.get('/admin/access').expect(200)).text;
    expect(access).toContain('dalībnieku saraksts skatīts');
    expect(access).toContain('dalībnieki eksportēti (CSV)');
    expect(access).toContain('atlase: <ins>reģions: Rīga');
    const onlyExports = (await agent.get('/admin/access?action=export.csv').expect(200)).text;
    expect(onlyExports).not.toContain('<td>dalībnieku saraksts skatīts</td>');
    const audit = (await t
      .db('audit_log')
      .whereIn('action', ['registrations.view', 'export.csv'])
      .count({ n: '*' })
      .first()) as {
      n: number;
    };
    expect(Number(audit.n)).toBe(0);
  });
});

describe('readable changes', () => {
  it('lists only the fields that changed, values as text', () => {
    expect(readableChanges('{"size":100,"name":"A"}', '{"size":120,"name":"A"}')).toEqual([
      { field: 'size', before: '100', after: '120' },
    ]);
    expect(readableChanges(null, '{"regionIds":["riga","latgale"],"filter":{"region":"riga","q":null}}')).toEqual([
      { field: 'regionIds', before: null, after: 'riga, latgale' },
      { field: 'filter', before: null, after: 'region: riga' },
    ]);
  });
});

describe('access log migration', () => {
  const { t } = useTestApp({ seed: false });

  it('when older view entries sit in the audit log, then the migration moves them, in order, and leaves changes where they are', async () => {
    const { up } = await import('../../migrations/20261130150005_access_log_backfill.js');
    const at = '2026-11-01T10:00:00.000Z';
    await t.db('audit_log').insert([
      {
        actor: 'a@example.lv',
        action: 'registration.view',
        target_type: 'registration',
        target_id: '7',
        after: null,
        at,
      },
      { actor: 'a@example.lv', action: 'quota.resize', target_type: 'quota', target_id: '1', after: '{"size":5}', at },
      { actor: 'b@example.lv', action: 'export.csv', target_type: 'event', target_id: '1', after: '{"rows":3}', at },
    ]);
    const before = Number(((await t.db('access_log').count({ n: '*' }).first()) as { n: number }).n);
    await up(t.db);
    const moved = (await t
      .db('access_log')
      .orderBy('id')
      .offset(before)
      .select('actor', 'action', 'detail')) as unknown[];
    expect(moved).toEqual([
      { actor: 'a@example.lv', action: 'registration.view', detail: null },
      { actor: 'b@example.lv', action: 'export.csv', detail: '{"rows":3}' },
    ]);
    const left = ((await t.db('audit_log').select('action')) as { action: string }[]).map((r) => r.action);
    expect(left).toContain('quota.resize');
    expect(left).not.toContain('registration.view');
    expect(left).not.toContain('export.csv');
  });
});
