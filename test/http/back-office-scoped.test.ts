import { beforeEach, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { DEMO_CERTIFICATES } from '../../seeds/certificates.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;
const NOW = new Date('2026-11-02T08:00:00Z');
// The Riga day is 28 days on, Vidzeme's the day after (`conference`); Riga's workshops end
// at 14.00 Riga time.
const AFTER_RIGA = new Date('2026-11-30T13:00:00Z');

/** The options of the announcement form's session list. */
const sessionOptions = (html: string): string[] =>
  [...(/<select id="session"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="(\d+)"/g)].map(
    (m) => m[1] ?? '',
  );

interface OutboxRow {
  kind: string;
  to_email: string;
  registration_id: number | null;
  payload: string;
}

describe('rule 7: scoped actions', () => {
  const { t } = useTestApp({ perTest: true, now: NOW, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), {
      regions: ['riga', 'vidzeme'],
      title: PROGRAMME_TITLE,
      hoursTenths: { plenary: 15, workshop: 20 },
      certificates: DEMO_CERTIFICATES,
    });
    await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'riga@example.lv', 'coordinator', ['riga']);
  });

  const announcements = async () => (await t.db('outbox').where('kind', 'announcement').select()) as OutboxRow[];
  const message = { subject: 'Izmaiņas programmā', text: 'Darbnīca sāksies plkst. 12.15.' };

  describe('the announcement form', () => {
    it("offers a coordinator only their regions' sessions, an admin every region's (lv and en)", async () => {
      const riga = (event.workshops.riga ?? []).map(String);
      const vidzeme = (event.workshops.vidzeme ?? []).map(String);
      const coordinator = await signIn(t, 'riga@example.lv');
      for (const lang of ['lv', 'en']) {
        const page = await coordinator.agent.get(`/admin/events/${event.slug}/announce?lang=${lang}`).expect(200);
        expect(sessionOptions(page.text)).toEqual(riga);
      }
      const admin = await signIn(t, 'admin@example.lv');
      const all = await admin.agent.get(`/admin/events/${event.slug}/announce`).expect(200);
      expect(sessionOptions(all.text).sort()).toEqual([...riga, ...vidzeme].sort());
    });

    it("refuses a coordinator's forged session of another region with a form error, and queues nothing", async () => {
      await register(t.ctx, event.slug, input({ regionId: 'vidzeme', municipality: 'cesis' }));
      await register(t.ctx, event.slug, input());
      const [other] = event.workshops.vidzeme ?? [];
      const { post } = await signIn(t, 'riga@example.lv');
      for (const [lang, reason] of [
        ['lv', 'Izvēlētā sesija nav pieejama šajā reģionā.'],
        ['en', 'The chosen session is not available in this region.'],
      ] as const) {
        const res = await post(`/admin/events/${event.slug}/announce?lang=${lang}`, {
          ...message,
          session: String(other),
          action: 'send',
        }).expect(400);
        expect(res.text).toContain('<body class="admin">');
        expect(res.text).toMatch(
          /<select id="session" name="session" aria-describedby="session-error" aria-invalid="true">/,
        );
        expect(res.text).toContain(reason);
        // the form is kept as it was written
        expect(res.text).toContain('value="Izmaiņas programmā"');
      }
      // a region of theirs is refused the same way
      await post(`/admin/events/${event.slug}/announce`, { ...message, region: 'vidzeme', action: 'send' }).expect(400);
      expect(await announcements()).toEqual([]);
      expect(await t.db('audit_log').where('action', 'announcement.send').first()).toBeUndefined();
    });

    for (const who of ['riga@example.lv', 'admin@example.lv']) {
      it(`"send a test to me" queues one message, to ${who} only, its subject marked as a test (lv and en)`, async () => {
        await register(t.ctx, event.slug, input());
        const { post } = await signIn(t, who);
        const lv = await post(`/admin/events/${event.slug}/announce?lang=lv`, { ...message, action: 'test' }).expect(
          200,
        );
        expect(lv.text).toContain(`Pārbaudes vēstule ielikta sūtīšanas rindā: ${who}.`);
        await post(`/admin/events/${event.slug}/announce?lang=en`, {
          ...message,
          subjectEn: 'Programme change',
          textEn: 'The workshop starts at 12:15.',
          action: 'test',
        }).expect(200);
        const queued = await announcements();
        expect(queued.map((m) => m.to_email)).toEqual([who, who]);
        expect(queued.map((m) => m.registration_id)).toEqual([null, null]);
        const payloads = queued.map((m) => JSON.parse(m.payload) as { subject: string; text: string });
        expect(payloads.map((p) => p.subject)).toEqual(['[Pārbaude] Izmaiņas programmā', '[Test] Programme change']);
        expect(payloads[1]?.text).toBe('The workshop starts at 12:15.');
        // a test is not an announcement sent: the list of sent ones stays empty
        const page = await post(`/admin/events/${event.slug}/announce?lang=lv`, message).expect(200);
        expect(page.text).toContain('Šim pasākumam paziņojumi vēl nav sūtīti.');
      });
    }

    it('lists the announcements sent for the event: when, by whom, the subject, how many', async () => {
      await register(t.ctx, event.slug, input());
      await register(t.ctx, event.slug, input());
      await register(t.ctx, event.slug, input({ regionId: 'vidzeme', municipality: 'cesis' }));
      const coordinator = await signIn(t, 'riga@example.lv');
      await coordinator.post(`/admin/events/${event.slug}/announce`, { ...message, action: 'send' }).expect(303);
      const admin = await signIn(t, 'admin@example.lv');
      await admin
        .post(`/admin/events/${event.slug}/announce`, {
          subject: 'Visiem',
          text: 'Sveicieni no komandas.',
          action: 'send',
        })
        .expect(303);
      const page = await admin.agent.get(`/admin/events/${event.slug}/announce?lang=lv`).expect(200);
      const rows = [
        ...(/<table class="data" id="sent">[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '').matchAll(
          /<tr><td>([^<]+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><td class="num">(\d+)<\/td><\/tr>/g,
        ),
      ].map((m) => [m[2], m[3], m[4]]);
      expect(rows).toEqual([
        ['admin@example.lv', 'Visiem', '3'],
        ['riga@example.lv', 'Izmaiņas programmā', '2'],
      ]);
      expect(page.text).toContain('2026. gada 2. novembrī');
      const en = await admin.agent.get(`/admin/events/${event.slug}/announce?lang=en`).expect(200);
      expect(en.text).toContain('Announcements sent');
    });
  });

  describe('moving a person to another workshop takes two steps', () => {
    for (const who of ['riga@example.lv', 'admin@example.lv']) {
      it(`the first step says who goes where and changes nothing; the second moves (${who}, lv and en)`, async () => {
        const [a, b] = event.workshops.riga ?? [];
        const anna = await register(t.ctx, event.slug, input({ name: 'Anna Bērziņa', sessionIds: [a] }));
        const seat = anna.seats.find((s) => s.sessionId === a)?.id ?? 0;
        const { agent, post } = await signIn(t, who);
        const record = await agent.get(`/admin/registrations/${anna.registration.id}?lang=lv`).expect(200);
        // the registrant's page offers the move as a link to the first step, not a form that moves
        expect(record.text).toContain(`href="/admin/seats/${seat}/move?sessionId=${b}"`);
        expect(record.text).not.toContain(`action="/admin/seats/${seat}/move"`);

        const lv = await agent.get(`/admin/seats/${seat}/move?sessionId=${b}&lang=lv`).expect(200);
        expect(lv.text).toContain('Anna Bērziņa: vieta tiks pārcelta no „Darbnīca 1');
        expect(lv.text).toContain('name="confirm" value="yes"');
        const en = await post(`/admin/seats/${seat}/move?lang=en`, { sessionId: String(b) }).expect(200);
        expect(en.text).toContain('Anna Bērziņa: the place will be moved from');
        expect(en.text).toContain('Yes, move');
        const seats = async () =>
          (await t
            .db('seats')
            .where('registration_id', anna.registration.id)
            .orderBy('id')
            .select('session_id', 'status')) as object[];
        const before = await seats();
        expect(before).toContainEqual({ session_id: a, status: 'confirmed' });
        expect(await t.db('audit_log').where('action', 'seat.move').first()).toBeUndefined();

        await post(`/admin/seats/${seat}/move`, { sessionId: String(b), confirm: 'yes' }).expect(303);
        expect(await seats()).toContainEqual({ session_id: b, status: 'confirmed' });
        expect(await seats()).not.toContainEqual({ session_id: a, status: 'confirmed' });
      });
    }

    it('a coordinator may not move a person of another region: a 403 page of the back office', async () => {
      const [c, d] = event.workshops.vidzeme ?? [];
      const peteris = await register(
        t.ctx,
        event.slug,
        input({ regionId: 'vidzeme', municipality: 'cesis', sessionIds: [c] }),
      );
      const seat = peteris.seats.find((s) => s.sessionId === c)?.id ?? 0;
      const { agent } = await signIn(t, 'riga@example.lv');
      const res = await agent.get(`/admin/seats/${seat}/move?sessionId=${d}`).expect(403);
      expect(res.text).toContain('<body class="admin">');
    });
  });

  describe('issuing certificates to everyone takes two steps and names who is skipped and why', () => {
    const setUp = async () => {
      const anna = await register(t.ctx, event.slug, input({ name: 'Anna Bērziņa' }));
      await register(t.ctx, event.slug, input({ name: 'Juris Liepa' }));
      await register(t.ctx, event.slug, input({ name: 'Pēteris Kalniņš', regionId: 'vidzeme', municipality: 'cesis' }));
      t.clock.set(AFTER_RIGA);
      await t
        .db('seats')
        .where('registration_id', anna.registration.id)
        .update({ attended_at: AFTER_RIGA.toISOString() });
    };
    const certificates = async () =>
      Number(((await t.db('certificates').count({ n: '*' }).first()) as { n: number }).n);

    it('the first step lists who gets one and who does not; it and a POST without confirm change nothing (lv and en)', async () => {
      await setUp();
      const { agent, post } = await signIn(t, 'admin@example.lv');
      const lv = await agent.get(`/admin/events/${event.slug}/certificates/issue?lang=lv`).expect(200);
      expect(lv.text).toContain('Apliecību saņems e-pastā (1):');
      expect(lv.text).toMatch(/>Anna Bērziņa<\/a><\/li>/);
      expect(lv.text).toContain('Apliecību nesaņems (2):');
      expect(lv.text).toContain('Juris Liepa</a> — nav apmeklējuma');
      expect(lv.text).toContain('Pēteris Kalniņš</a> — sesijas vēl nav beigušās');
      const en = await post(`/admin/events/${event.slug}/certificates/issue?lang=en`).expect(200);
      expect(en.text).toContain('Juris Liepa</a> — no attendance recorded');
      expect(en.text).toContain('Pēteris Kalniņš</a> — the sessions have not ended yet');
      expect(await certificates()).toBe(0);
      expect(await t.db('outbox').where('kind', 'certificate_issued').first()).toBeUndefined();
    });

    it('the second step issues, and "Izlaisti: 2" names the two and why (lv and en)', async () => {
      await setUp();
      const { post } = await signIn(t, 'admin@example.lv');
      const lv = await post(`/admin/events/${event.slug}/certificates/issue?lang=lv`, { confirm: 'yes' }).expect(200);
      expect(await certificates()).toBe(1);
      expect(lv.text).toContain('Izsniegtas apliecības: 1. Izlaisti: 2.');
      expect(lv.text).toContain('Juris Liepa</a> — nav apmeklējuma');
      expect(lv.text).toContain('Pēteris Kalniņš</a> — sesijas vēl nav beigušās');
      const en = await post(`/admin/events/${event.slug}/certificates/issue?lang=en`, { confirm: 'yes' }).expect(200);
      expect(await certificates()).toBe(1);
      expect(en.text).toContain('Certificates issued: 0. Skipped: 3.');
      expect(en.text).toContain('Anna Bērziņa</a> — already holds a certificate');
      expect(en.text).toContain('Juris Liepa</a> — no attendance recorded');
    });

    it('a coordinator may not issue: a 403 page of the back office, and nothing issued', async () => {
      await setUp();
      const { agent, post } = await signIn(t, 'riga@example.lv');
      const res = await agent.get(`/admin/events/${event.slug}/certificates/issue`).expect(403);
      expect(res.text).toContain('<body class="admin">');
      await post(`/admin/events/${event.slug}/certificates/issue`, { confirm: 'yes' }).expect(403);
      expect(await certificates()).toBe(0);
    });
  });
});
