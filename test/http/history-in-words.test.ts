import { beforeEach, describe, expect, it } from 'vitest';
import type { Organizer } from '../../server/domain/organizers.js';
import { editRegistrant, registerByOrganizer } from '../../server/features/registrants/edit.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** The history table of a person's record page. */
function historyOf(html: string, heading: string): string {
  const from = html.indexOf(`<h2>${heading}</h2>`);
  expect(from).toBeGreaterThan(0);
  return html.slice(from, html.indexOf('</table>', from));
}

/** The changes column of the audit log's table. */
function logTable(html: string): string {
  const from = html.indexOf('<tbody>');
  return from < 0 ? '' : html.slice(from, html.indexOf('</tbody>', from));
}

/**
 * A key (camelCase), an enum code as a value, or an id-like "Nr." where words belong (the
 * built sessions' titles hold their region's id, "Darbnīca 1 (vidzeme)": codes are looked
 * for as whole values).
 */
const RAW =
  /\b[a-z]+[A-Z]\w*\b|<(ins|del)>(vidzeme|kurzeme|phone|in_person|waitlisted|confirmed|school_leader|cesis|aluksne)<|\(Nr\.\)|\(no\.\)/;

describe('history and the audit log in words', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  let coordinator: Organizer;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { regions: ['vidzeme', 'kurzeme'], places: 1 });
    await organizer(t, 'admin@example.lv', 'admin');
    coordinator = await organizer(t, 'vidzeme@example.lv', 'coordinator', ['vidzeme']);
  });

  /** A person added by phone, then corrected, then cancelled: her place goes to Anna, who waited. */
  async function story() {
    const workshop = event.workshops.vidzeme![0]!;
    const { registration } = await registerByOrganizer(
      t.ctx,
      coordinator,
      event.slug,
      input({ name: 'Ilze Kalnina', regionId: 'vidzeme', municipality: 'cesis', sessionIds: [workshop] }),
      'phone',
    );
    const anna = await register(
      t.ctx,
      event.slug,
      input({ name: 'Anna Bērziņa', regionId: 'vidzeme', municipality: 'cesis', sessionIds: [workshop] }),
    );
    await editRegistrant(t.ctx, coordinator, registration.id, {
      name: 'Ilze Kalniņa',
      role: 'school_leader',
      municipality: 'aluksne',
    });
    return { id: registration.id, anna: anna.registration.id, workshop };
  }

  it('when a coordinator cancels a person, then the banner names who got the place and where she stood in the queue (lv and en)', async () => {
    const { id } = await story();
    const { agent, post } = await signIn(t, 'vidzeme@example.lv');
    const done = await post(`/admin/registrations/${id}/cancel`, { confirm: 'yes' }).expect(303);
    expect(done.headers.location).toMatch(/done=registrationCancelled/);
    const lv = (await agent.get(String(done.headers.location)).expect(200)).text;
    expect(lv).toContain('Vieta nodota: Anna Bērziņa (rindā bija 1.)');
    const en = (await agent.get(`${String(done.headers.location)}&lang=en`).expect(200)).text;
    expect(en).toContain('Place given to Anna Bērziņa (no. 1 in the queue)');
  });

  it('when an admin opens the record of a person edited and cancelled, then the history reads in Latvian words, no keys or codes', async () => {
    const { id } = await story();
    const { post } = await signIn(t, 'vidzeme@example.lv');
    await post(`/admin/registrations/${id}/cancel`, { confirm: 'yes' }).expect(303);
    const { agent } = await signIn(t, 'admin@example.lv');
    const history = historyOf((await agent.get(`/admin/registrations/${id}?lang=lv`).expect(200)).text, 'Vēsture');
    expect(history).toContain('vārds, uzvārds: <del>Ilze Kalnina</del> → <ins>Ilze Kalniņa</ins>');
    expect(history).toContain('<td>vidzeme (vidzeme@example.lv)</td>');
    expect(history).toContain('reģions: <ins>Vidzeme</ins>');
    expect(history).toContain('kā saņemta piekrišana: <ins>pa tālruni</ins>');
    expect(history).toContain('e-pasta adrese: <ins>');
    expect(history).toContain('loma: <del>pedagogs</del> → <ins>izglītības iestādes vadītājs</ins>');
    expect(history).toContain('pašvaldība: <del>Cēsu novads</del> → <ins>Alūksnes novads</ins>');
    expect(history).toMatch(
      /vietas: <del>[^<]*Darbnīca 1 \(vidzeme\) — [^<]*· Tiešsaistē \(apstiprināta vieta\)<\/del>/,
    );
    expect(history).toContain('statuss: <del>aktīva</del> → <ins>atcelta</ins>');
    expect(history).toContain('vietu saņēma no rindas: <ins>Anna Bērziņa</ins>');
    expect(history).not.toMatch(RAW);
  });

  it('when the record is opened in English, then the history reads in English words', async () => {
    const { id } = await story();
    const { agent, post } = await signIn(t, 'vidzeme@example.lv');
    await post(`/admin/registrations/${id}/cancel`, { confirm: 'yes' }).expect(303);
    const history = historyOf((await agent.get(`/admin/registrations/${id}?lang=en`).expect(200)).text, 'History');
    expect(history).toContain('name: <del>Ilze Kalnina</del> → <ins>Ilze Kalniņa</ins>');
    expect(history).toContain('region: <ins>Vidzeme</ins>');
    expect(history).toContain('how consent was given: <ins>by phone</ins>');
    expect(history).toContain('role: <del>teacher</del> → <ins>school leader</ins>');
    expect(history).toMatch(/places: <del>[^<]*Workshop 1 \(vidzeme\) — [^<]*· Online \(confirmed place\)<\/del>/);
    expect(history).toContain('status: <del>active</del> → <ins>cancelled</ins>');
    expect(history).toContain('place given from the queue to: <ins>Anna Bērziņa</ins>');
    expect(history).not.toMatch(RAW);
  });

  it('when a seat is moved and a waiting person is confirmed out of turn, then sessions read by title, time and place, and statuses as places', async () => {
    const { anna, workshop } = await story();
    const { agent, post } = await signIn(t, 'admin@example.lv');
    const [seat] = (await t.db('seats').where({ registration_id: anna, session_id: workshop }).select('id')) as {
      id: number;
    }[];
    await post(`/admin/seats/${seat!.id}/promote`).expect(303);
    const history = historyOf((await agent.get(`/admin/registrations/${anna}`).expect(200)).text, 'Vēsture');
    expect(history).toContain('statuss: <del>rindā</del> → <ins>apstiprināta vieta</ins>');
    expect(history).toMatch(/palielināti limiti: <ins>vidzeme: darbnīcu vietas: 1 → 2<\/ins>/);
    expect(history).not.toMatch(/\b[a-z]+[A-Z]\w*\b/);
  });

  it('when a coordinator opens the audit log, then it holds their region’s entries and not another region’s', async () => {
    await story();
    const kurzeme = await register(
      t.ctx,
      event.slug,
      input({ name: 'Kārlis Kurzemnieks', regionId: 'kurzeme', municipality: 'kuldiga' }),
    );
    const admin = await signIn(t, 'admin@example.lv');
    await admin.post(`/admin/registrations/${kurzeme.registration.id}/cancel`, { confirm: 'yes' }).expect(303);
    const { agent } = await signIn(t, 'vidzeme@example.lv');
    const lv = logTable((await agent.get('/admin/audit?lang=lv').expect(200)).text);
    expect(lv).toContain('Ilze Kalniņa');
    expect(lv).toContain('vārds, uzvārds: <del>Ilze Kalnina</del> → <ins>Ilze Kalniņa</ins>');
    expect(lv).not.toContain('Kārlis Kurzemnieks');
    expect(lv).not.toMatch(RAW);
    const en = logTable((await agent.get('/admin/audit?lang=en').expect(200)).text);
    expect(en).toContain('how consent was given: <ins>by phone</ins>');
    expect(en).not.toContain('Kārlis Kurzemnieks');
    // The admin sees both regions.
    const all = logTable((await admin.agent.get('/admin/audit?lang=lv').expect(200)).text);
    expect(all).toContain('Kārlis Kurzemnieks');
    expect(all).toContain('Ilze Kalniņa');
  });

  it('when the audit log opens, then sign-ins are left out, and the filter shows them (coordinator and admin)', async () => {
    for (const email of ['vidzeme@example.lv', 'admin@example.lv']) {
      const { agent } = await signIn(t, email);
      const plain = (await agent.get('/admin/audit?lang=lv').expect(200)).text;
      expect(logTable(plain)).not.toContain('<td>pieteikšanās</td>');
      expect(plain).toContain('Rādīt arī pieteikšanās un iziešanas');
      const shown = logTable((await agent.get('/admin/audit?signIns=1&lang=lv').expect(200)).text);
      expect(shown).toContain('<td>pieteikšanās</td>');
      const en = logTable((await agent.get('/admin/audit?signIns=1&lang=en').expect(200)).text);
      expect(en).toMatch(/<td>sign-in<\/td>|<td>signed in<\/td>|<td>login<\/td>/i);
    }
  });
});
