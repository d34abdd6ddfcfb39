import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { calendarOf } from '../support/mail.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { formAgent } from '../support/forms.js';
import { capacityViolations } from '../support/invariants.js';
import { outboxKinds, registerPath } from '../support/places.js';

const SLUG = 'konference';
const GROUPS = `/api/v1/events/${SLUG}/groups`;
const REGISTER = registerPath(SLUG);

const coordinator = {
  name: 'Ilze Kalniņa',
  email: 'koordinatore@skola.lv',
  institution: 'Rīgas 1. pamatskola',
  municipality: 'riga',
};

function group(people: { name: string; email: string; sessionIds?: number[] }[], over: Record<string, unknown> = {}) {
  return { coordinator, regionId: 'riga', language: 'lv', consent: true, people, ...over };
}

const teachers = (n: number, sessionIds: number[], from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    name: `Skolotāja ${from + i + 1}`,
    email: `t${from + i + 1}@skola.lv`,
    sessionIds,
  }));

describe("a school coordinator's group", () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, title: PROGRAMME_TITLE });
  });
  const workshop = () => built.workshops.riga![0]!;

  /** The group's link from the coordinator's message, as the coordinator would follow it. */
  async function groupToken(): Promise<string> {
    const mails = (await composedFor(t, coordinator.email)).filter((m) => m.kind === 'group_registered');
    const token = /\/g\/([\w-]{32})/.exec(mails[mails.length - 1]?.text ?? '')?.[1];
    if (!token) throw new Error('no group link');
    return token;
  }

  it('when k places are left, the first k of the list get them and the rest wait in list order at consecutive positions; each person and the coordinator are told', async () => {
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 4 });
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'before@skola.lv', sessionIds: [workshop()] }))
      .expect(201);
    const res = await request(t.app)
      .post(GROUPS)
      .send(group(teachers(6, [workshop()])))
      .expect(201);
    const rows = res.body.group.registrations as {
      email: string;
      outcome: string;
      items: { status: string; waitlistPosition: number | null }[];
    }[];
    expect(rows.map((r) => r.outcome)).toEqual(Array(6).fill('registered'));
    expect(rows.map((r) => r.items[1]?.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    expect(rows.slice(3).map((r) => r.items[1]?.waitlistPosition)).toEqual([1, 2, 3]);
    expect(res.body.group.manageUrl).toMatch(/^http:\/\/localhost:3000\/g\/[\w-]{32}$/);
    for (let i = 1; i <= 6; i++) expect(await outboxKinds(t, `t${i}@skola.lv`)).toEqual(['registration_received']);
    const [told] = await composedFor(t, coordinator.email);
    expect(told?.subject).toBe('Grupas reģistrācija: Skola. Vecāki. Bērni — reģionālās konferences');
    for (let i = 1; i <= 6; i++) expect(told?.text).toContain(`t${i}@skola.lv`);
    expect(told?.text).toContain('rindā 3. vietā');
    expect(told?.text).not.toContain('Skolotāja');
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it('when someone on the list is registered already, they are reported back and not registered twice', async () => {
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 't2@skola.lv' }))
      .expect(201);
    const res = await request(t.app)
      .post(GROUPS)
      .send(group(teachers(3, [workshop()])))
      .expect(201);
    expect(res.body.group.registrations.map((r: { outcome: string }) => r.outcome)).toEqual([
      'registered',
      'already_registered',
      'registered',
    ]);
    expect(await t.db('registrations').where('email', 't2@skola.lv')).toHaveLength(1);
    expect((await outboxKinds(t, 't2@skola.lv')).at(-1)).toBe('registered_again');
    const page = await request(t.app)
      .get(`/g/${await groupToken()}`)
      .expect(200);
    expect(page.text).toContain('Jau bija reģistrēti, tāpēc netika pievienoti otrreiz');
    expect(page.text).toContain('t2@skola.lv');
  });

  it('when the coordinator swaps a person, the place stays, the old link ends and its calendar entry is cancelled, and the new person gets a link of their own', async () => {
    const res = await request(t.app)
      .post(GROUPS)
      .send(group(teachers(2, [workshop()])))
      .expect(201);
    const token = String(res.body.group.manageUrl).split('/g/')[1] ?? '';
    const before = (await request(t.app).get(`/api/v1/groups/${token}`).expect(200)).body.group.people[0];
    const oldRow = (await t.db('registrations').where('email', 't1@skola.lv').first()) as { token_sealed: string };
    const oldToken = t.ctx.tokens.unseal(oldRow.token_sealed) ?? '';

    const swapped = await request(t.app)
      .patch(`/api/v1/groups/${token}/people/${before.registrationId}`)
      .send({ name: 'Jaunā Skolotāja', email: 'jauna@skola.lv' })
      .expect(200);
    const after = swapped.body.group.people[0];
    expect(after).toMatchObject({
      registrationId: before.registrationId,
      name: 'Jaunā Skolotāja',
      email: 'jauna@skola.lv',
    });
    expect(after.items).toEqual(before.items);
    await request(t.app).get(`/api/v1/registrations/${oldToken}`).expect(404);

    const [out] = (await composedFor(t, 't1@skola.lv')).filter((m) => m.kind === 'group_swapped_out');
    expect(out?.subject).toBe('Jūsu vieta nodota citam dalībniekam: Skola. Vecāki. Bērni — reģionālās konferences');
    expect(out?.text).not.toContain('/r/');
    expect(out?.text).not.toContain('Jaunā');
    const cancel = calendarOf({
      mail: {
        attachments: [
          {
            contentType: 'text/calendar',
            content: Buffer.from(String(out?.icalEvent && (out.icalEvent as { content: string }).content)),
          },
        ],
      },
    } as never);
    expect(cancel?.method).toBe('CANCEL');
    const [welcome] = (await composedFor(t, 'jauna@skola.lv')).filter((m) => m.kind === 'registration_received');
    expect(welcome?.text).toMatch(/^Labdien, Jaunā Skolotāja!/);
    const newToken = /\/r\/([\w-]{32})/.exec(welcome?.text ?? '')?.[1] ?? '';
    await request(t.app).get(`/api/v1/registrations/${newToken}`).expect(200);
    // An address with a registration of its own cannot take the place.
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 'taken@skola.lv' }))
      .expect(201);
    const refused = await request(t.app)
      .patch(`/api/v1/groups/${token}/people/${before.registrationId}`)
      .send({ name: 'Cita', email: 'taken@skola.lv' })
      .expect(400);
    expect(Object.keys(refused.body.error.fields)).toEqual(['email']);
  });

  it('when the coordinator cancels a person, their place goes to the next in the queue; people added later queue after everyone', async () => {
    await t.db('quotas').where('id', built.quota.riga!).update({ size: 2 });
    const res = await request(t.app)
      .post(GROUPS)
      .send(group(teachers(3, [workshop()])))
      .expect(201);
    const token = String(res.body.group.manageUrl).split('/g/')[1] ?? '';
    const view = (await request(t.app).get(`/api/v1/groups/${token}`).expect(200)).body.group;
    const cancelled = await request(t.app)
      .delete(`/api/v1/groups/${token}/people/${view.people[0].registrationId}`)
      .expect(200);
    expect(
      cancelled.body.group.people.map((p: { status: string; items: { status: string }[] }) => [
        p.status,
        p.items[1]?.status,
      ]),
    ).toEqual([
      ['cancelled', 'cancelled'],
      ['active', 'confirmed'],
      ['active', 'confirmed'],
    ]);
    const added = await request(t.app)
      .post(`/api/v1/groups/${token}/people`)
      .send({ people: teachers(2, [workshop()], 10) })
      .expect(201);
    expect(
      added.body.group.people
        .slice(3)
        .map((p: { items: { waitlistPosition: number }[] }) => p.items[1]?.waitlistPosition),
    ).toEqual([1, 2]);
    expect(await capacityViolations(t.db)).toEqual([]);
  });

  it.each([
    [
      'the same address twice',
      group([
        { name: 'A B', email: 'x@skola.lv' },
        { name: 'C D', email: 'X@skola.lv' },
      ]),
      'people.1.email',
    ],
    ['31 people', group(teachers(31, [])), 'people'],
    ['nobody', group([]), 'people'],
    [
      'an unknown municipality',
      group(teachers(1, []), { coordinator: { ...coordinator, municipality: 'atlantida' } }),
      'coordinator.municipality',
    ],
    ['an unknown workshop', group(teachers(2, [999_999])), 'people.0.sessionIds'],
    ['a name that is a web address', group([{ name: 'www.piedavajums.lv', email: 'a@skola.lv' }]), 'people.0.name'],
    ['no consent', group(teachers(1, []), { consent: false }), 'consent'],
  ])('when the group has %s, it is refused with the field named and nothing is made', async (_what, body, field) => {
    const res = await request(t.app).post(GROUPS).send(body).expect(400);
    expect(Object.keys(res.body.error.fields)).toContain(field);
    expect(await t.db('registrations').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    expect(await t.db('groups').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('once the event has started, the group can no longer be changed', async () => {
    const res = await request(t.app)
      .post(GROUPS)
      .send(group(teachers(1, [workshop()])))
      .expect(201);
    const token = String(res.body.group.manageUrl).split('/g/')[1] ?? '';
    const first = (await t.db('sessions').where('event_id', built.eventId).orderBy('starts_at').first('starts_at')) as {
      starts_at: string;
    };
    t.clock.set(new Date(Date.parse(first.starts_at) + 60_000));
    const view = (await request(t.app).get(`/api/v1/groups/${token}`).expect(200)).body.group;
    expect(view.open).toBe(false);
    await request(t.app)
      .patch(`/api/v1/groups/${token}/people/${view.people[0].registrationId}`)
      .send({ name: 'Cita Persona', email: 'cita@skola.lv' })
      .expect(409);
    await request(t.app).delete(`/api/v1/groups/${token}/people/${view.people[0].registrationId}`).expect(409);
  });

  it('through the form without JavaScript: more rows keep what was typed, errors are marked per row, and the group lands on its page', async () => {
    const browser = await formAgent(t, `/events/${SLUG}/group`);
    const filled = {
      cname: coordinator.name,
      cemail: coordinator.email,
      cinstitution: coordinator.institution,
      cmunicipality: 'riga',
      regionId: 'riga',
      language: 'lv',
      consent: 'yes',
      rows: '5',
      p0name: 'Anna Ozola',
      p0email: 'anna@skola.lv',
      p0session: String(workshop()),
      p3name: 'Juris Liepa',
      p3email: 'nav-adrese',
    };
    const more = await browser.post(`/events/${SLUG}/group`, { ...filled, more: '1' }).expect(200);
    expect(more.text).toContain('id="p9name"');
    expect(more.text).toContain('value="Anna Ozola"');
    const wrong = await browser.post(`/events/${SLUG}/group`, filled).expect(400);
    expect(wrong.text).toContain('href="#p3email"');
    expect(wrong.text).toContain('value="Juris Liepa"');
    expect(await t.db('registrations').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    const ok = await browser.post(`/events/${SLUG}/group`, { ...filled, p3email: 'juris@skola.lv' }).expect(303);
    expect(String(ok.headers.location)).toMatch(/^\/g\/[\w-]{32}\?done=created$/);
    const page = await browser.agent.get(String(ok.headers.location)).expect(200);
    expect(page.text).toContain('Grupa reģistrēta.');
    expect(page.text).toContain('Anna Ozola');
    expect(page.text).toContain('Juris Liepa');
  });
});

describe('a group on an event that confirms addresses', () => {
  const { t } = useTestApp({ addressConfirmation: true, perTest: true, seed: false });
  let built: BuiltConference;
  beforeEach(async () => {
    built = await conference(t.db, t.clock.now(), { slug: SLUG, title: PROGRAMME_TITLE });
  });

  it("then the answer hands over no link and does not tell who was registered; each person's own address confirms their place", async () => {
    await request(t.app)
      .post(REGISTER)
      .send(person({ email: 't2@skola.lv' }))
      .expect(201);
    const res = await request(t.app)
      .post(GROUPS)
      .send(group(teachers(3, [built.workshops.riga![0]!])))
      .expect(201);
    expect(res.body.group.manageUrl).toBeNull();
    const rows = res.body.group.registrations as { outcome: string; items: { status: string }[] }[];
    expect(rows.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.map((r) => r.items[1]?.status)).toEqual(['held', 'held', 'held']);
    expect(await outboxKinds(t, 't1@skola.lv')).toEqual(['address_confirm']);
    const [told] = await composedFor(t, coordinator.email);
    expect(told?.text).toContain('gaida dalībnieka apstiprinājumu');
    expect(told?.text).toMatch(/\/g\/[\w-]{32}/);
  });
});
