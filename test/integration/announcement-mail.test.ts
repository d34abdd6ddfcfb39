import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { dispatcherFor } from '../support/mail.js';
import { SmtpSink, type Received } from '../support/smtp.js';

const SLUG = 'konference';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;
const GREETINGS = /^(Labdien|Hello|Dear|Sveiki)/gm;

describe('announcements in Latvian and English (real SMTP)', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  beforeEach(() => conference(t.db, t.clock.now(), { slug: SLUG, regions: ['zemgale'] }));
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url);
  });
  afterAll(async () => {
    transport.close();
    await sink.down();
  });

  /** Two people in Zemgale, one per language; the admin's signed-in browser. */
  async function setUp(tag: string) {
    await organizer(t, 'admin@example.lv', 'admin');
    const lv = `lv-${tag}@skola.lv`;
    const en = `en-${tag}@skola.lv`;
    await register(t.ctx, SLUG, input({ name: 'Līga Ozola', email: lv, regionId: 'zemgale', municipality: 'bauska' }));
    await register(
      t.ctx,
      SLUG,
      input({ name: 'Mary Smith', email: en, regionId: 'zemgale', municipality: 'bauska', language: 'en' }),
    );
    return { browser: await signIn(t, 'admin@example.lv'), lv, en };
  }
  const announcement = (to: string): Received => {
    const found = sink.to(to).find((r) => /^List-Unsubscribe:/im.test(r.raw));
    if (!found) throw new Error(`no announcement for ${to}`);
    return found;
  };
  /** Sends what is queued and waits until `n` more messages have arrived. */
  const deliver = async (n: number) => {
    const start = sink.received.length;
    await dispatcherFor(t, transport).drain();
    await sink.waitFor(start + n);
  };

  it('when both languages are written, then the preview shows each group with its count, and each reader gets one greeting in their language', async () => {
    const { browser, lv, en } = await setUp('both');
    const body = {
      region: 'zemgale',
      subject: 'Tiešraides saite',
      text: 'Tiešraide sāksies plkst. 10.00: https://example.lv/live',
      subjectEn: 'Stream link',
      textEn: 'The stream starts at 10:00: https://example.lv/live',
    };
    const preview = await browser.post(`/admin/events/${SLUG}/announce`, { ...body, action: 'preview' }).expect(200);
    expect(preview.text).toContain('Latviešu valodā saņems: 1');
    expect(preview.text).toContain('Angļu valodā saņems: 1');
    expect(preview.text).toContain('Labdien, Līga Ozola!');
    expect(preview.text).toContain('Hello Mary Smith,');
    expect(preview.text).toContain('<a href="https://example.lv/live"');
    expect(preview.text).not.toMatch(/\/r\/[A-Za-z0-9_-]{20,}/); // nobody's private link
    const sent = await browser.post(`/admin/events/${SLUG}/announce`, { ...body, action: 'send' }).expect(303);
    expect(sent.headers.location).toBe(`/admin/events/${SLUG}/announce?done=announcementSent&n=2`);
    await deliver(4);

    const lvMail = announcement(lv);
    expect(lvMail.mail.subject).toBe('Tiešraides saite');
    expect(lvMail.mail.text?.match(GREETINGS)).toEqual(['Labdien']);
    expect(lvMail.mail.text).toContain('Tiešraide sāksies');
    expect(lvMail.mail.html).toContain('<a href="https://example.lv/live"');
    const enMail = announcement(en);
    expect(enMail.mail.subject).toBe('Stream link');
    expect(enMail.mail.text?.match(GREETINGS)).toEqual(['Hello']);
    expect(enMail.mail.text).toContain('The stream starts');
    expect(enMail.mail.text).not.toContain('Tiešraide');
    expect(enMail.mail.replyTo?.value[0]?.address).toBe('programma@example.lv');
  });

  it('when English is left empty, then English readers get the Latvian text under one English greeting, said so in English', async () => {
    const { browser, en } = await setUp('lvonly');
    const body = { region: 'zemgale', subject: 'Izmaiņas', text: 'Darbnīca sāksies stundu vēlāk.' };
    const preview = await browser.post(`/admin/events/${SLUG}/announce`, { ...body, action: 'preview' }).expect(200);
    expect(preview.text).toContain('Angliskās versijas nav');
    await browser.post(`/admin/events/${SLUG}/announce`, { ...body, action: 'send' }).expect(303);
    await deliver(4);
    const mail = announcement(en);
    expect(mail.mail.text?.match(GREETINGS)).toEqual(['Hello']);
    expect(mail.mail.text).toContain('Darbnīca sāksies stundu vēlāk.');
    expect(mail.mail.text).toContain('This announcement was written in Latvian only.');
    expect(mail.mail.text).not.toMatch(/Ar cieņu/);
  });

  it('when the text starts with its own greeting, then it is refused with a clear message and nothing is queued', async () => {
    const { browser } = await setUp('greet');
    const before = await t.db('outbox').where('kind', 'announcement').count({ n: '*' }).first();
    const res = await browser
      .post(`/admin/events/${SLUG}/announce`, {
        region: 'zemgale',
        subject: 'Ziņa',
        text: 'Labdien!\n\nDarbnīca sāksies vēlāk.\n\nAr cieņu, komanda',
        action: 'send',
      })
      .expect(400);
    expect(res.text).toContain('Neierakstiet uzrunu');
    expect(await t.db('outbox').where('kind', 'announcement').count({ n: '*' }).first()).toEqual(before);
  });

  it('bulk mail carries one-click List-Unsubscribe (RFC 8058) that stops announcements only', async () => {
    const { browser, lv } = await setUp('unsub');
    const body = { region: 'zemgale', subject: 'Pirmā ziņa', text: 'Teksts.', action: 'send' };
    await browser.post(`/admin/events/${SLUG}/announce`, body).expect(303);
    await deliver(4);
    const mail = announcement(lv);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);
    const raw = /^List-Unsubscribe: <([^>]+)>/im.exec(mail.raw)?.[1] ?? '';
    expect(raw).toMatch(/^http:\/\/localhost:3000\/u\/\d+\.[A-Za-z0-9_-]{22}$/);
    const path = new URL(raw).pathname;
    // confirmations carry no such header
    const confirmation = sink.to(lv).find((r) => !/^List-Unsubscribe/im.test(r.raw));
    expect(confirmation).toBeDefined();

    // opening the address changes nothing; the one-click POST (as a mail provider sends it) stops announcements
    expect((await request(t.app).get(path).expect(200)).text).toContain('Atteikties no paziņojumiem');
    const id = Number(path.split('/u/')[1]?.split('.')[0]);
    expect(
      ((await t.db('registrations').where('id', id).first('announcements_stopped_at')) as Record<string, unknown>)
        .announcements_stopped_at,
    ).toBeNull();
    await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200); // twice is fine
    await request(t.app)
      .post(`${path.slice(0, -2)}xx`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(404);

    await browser.post(`/admin/events/${SLUG}/announce`, { ...body, subject: 'Otrā ziņa' }).expect(303);
    const queued = (await t.db('outbox').where({ kind: 'announcement' }).pluck('to_email')) as string[];
    expect(queued.filter((to) => to === lv)).toHaveLength(1); // only the first one
    // and their own confirmations still go
    await browser.post(`/admin/registrations/${id}/resend`).expect(303);
    expect(
      await t.db('outbox').where({ to_email: lv, kind: 'registration_received' }).count({ n: '*' }).first(),
    ).toEqual({
      n: 2,
    });
  });
});
