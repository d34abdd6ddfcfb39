import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { markAttendedByEmail } from '../../server/features/attendance/attendance.js';
import { issueCertificates } from '../../server/features/certificates/issue.js';
import { saveCertificateSetup } from '../../server/features/certificates/settings.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import type { Organizer } from '../../server/domain/organizers.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, type BuiltConference } from '../support/build.js';
import { organizer } from '../support/admin.js';
import { useTestApp } from '../support/fixtures.js';
import { dispatcherFor } from '../support/mail.js';
import { pdfText, pdfToolsAvailable } from '../support/pdf.js';
import { SmtpSink } from '../support/smtp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

/**
 * Certificate e-mails go through the outbox: each one commits with its certificate, and
 * an SMTP outage in the middle of sending delays them but neither loses nor doubles one.
 */
describe.runIf(pdfToolsAvailable())('certificate e-mails through an SMTP outage', () => {
  const { t } = useTestApp({ perTest: true, seed: false });
  let event: BuiltConference;
  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), { title: PROGRAMME_TITLE });
  });
  let sink: SmtpSink;
  let transport: MailTransport;
  let admin: Organizer;

  beforeEach(async () => {
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url, { maxConnections: 3 });
    admin = await organizer(t, 'admin@example.lv');
    await saveCertificateSetup(
      t.ctx,
      admin,
      event.slug,
      {
        enabled: true,
        issuer: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
        signatoryName: 'Žanete Ņikiforova',
        signatoryTitle: { lv: 'Projekta vadītāja', en: 'Project manager' },
        approvalNumber: null,
        numberPrefix: 'SVB',
        rule: 'attended',
        minHoursTenths: 10,
      },
      new Map([[Number(event.plenary.riga), 15]]),
    );
  });
  afterEach(async () => {
    transport.close();
    await sink.down();
  });

  /**
   * Attendance is taken inside the session's window and hours count once it has ended:
   * the plenary took place this morning (the clock stays, the dispatcher's is the real one).
   */
  const afterPlenary = async () => {
    const now = t.clock.now().getTime();
    await t
      .db('sessions')
      .where('id', event.plenary.riga)
      .update({
        starts_at: new Date(now - 3 * 3600_000).toISOString(),
        ends_at: new Date(now - 3600_000).toISOString(),
      });
  };

  const certificateMail = async (status: string) =>
    Number(
      ((await t.db('outbox').where({ kind: 'certificate_issued', status }).count({ n: '*' }).first()) as { n: number })
        .n,
    );

  it('when SMTP goes down between two issuings and comes back, then every certificate e-mail arrives exactly once, with its PDF', async () => {
    const people: { name: string; email: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const p = person({ name: `Šarlote Ķēniņa ${i + 1}` });
      await register(t.ctx, event.slug, p as unknown as RegistrationInput);
      people.push({ name: String(p.name), email: String(p.email) });
    }
    // Only certificate mail is counted here: the registration mail went out long ago.
    await t.db('outbox').update({ status: 'sent' });
    await afterPlenary();
    const attend = (list: typeof people) =>
      markAttendedByEmail(
        t.ctx,
        admin,
        Number(event.plenary.riga),
        list.map((p) => p.email),
        'api',
      );

    const dispatcher = dispatcherFor(
      t,
      transport,
      { maxAttempts: 100, baseDelayMs: 30, maxDelayMs: 150, pollMs: 20 },
      () => new Date(),
    );
    dispatcher.start();
    try {
      await attend(people.slice(0, 6));
      expect(await issueCertificates(t.ctx, admin, event.slug)).toEqual({ issued: 6, skipped: 6 });
      await sink.waitFor(6, 30_000);
      expect(sink.received).toHaveLength(6);

      await sink.down();
      await attend(people.slice(6));
      expect(await issueCertificates(t.ctx, admin, event.slug)).toEqual({ issued: 6, skipped: 6 });
      expect(await issueCertificates(t.ctx, admin, event.slug)).toEqual({ issued: 0, skipped: 12 });
      await until(
        async () =>
          Number(
            ((await t.db('outbox').where('kind', 'certificate_issued').max({ a: 'attempts' }).first()) as { a: number })
              .a,
          ) >= 3,
      );
      expect(sink.received).toHaveLength(6);
      expect(await certificateMail('pending')).toBe(6);

      await sink.up();
      await until(async () => (await certificateMail('sent')) === 12);
      await sleep(300); // anything sent twice would have arrived by now
      await sink.waitFor(12);
    } finally {
      await dispatcher.stop();
    }
    expect(sink.received).toHaveLength(12);
    expect(new Set(sink.received.map((r) => r.mail.messageId)).size).toBe(12);
    for (const p of people) {
      const mails = sink.to(p.email);
      expect(mails, p.email).toHaveLength(1);
      const mail = mails[0];
      expect(mail?.mail.subject).toBe('Jūsu apliecība: Skola. Vecāki. Bērni — reģionālās konferences');
      const pdf = mail?.mail.attachments.find((a) => a.contentType === 'application/pdf');
      expect(pdf?.filename).toMatch(/^aplieciba-SVB-00\d\d\.pdf$/);
      const text = pdfText(pdf?.content ?? Buffer.alloc(0));
      expect(text).toContain(p.name);
      expect(text).toContain('Kopā: 1,5 stundas');
    }
    expect(await certificateMail('failed')).toBe(0);
  });

  it('when a certificate is revoked before its e-mail goes out, then the e-mail is not sent', async () => {
    const p = person();
    await register(t.ctx, event.slug, p as unknown as RegistrationInput);
    await t.db('outbox').update({ status: 'sent' });
    await afterPlenary();
    await markAttendedByEmail(t.ctx, admin, Number(event.plenary.riga), [String(p.email)], 'api');
    await issueCertificates(t.ctx, admin, event.slug);
    await t.db('certificates').update({ status: 'revoked', revoked_reason: 'test' });
    const dispatcher = dispatcherFor(t, transport);
    expect(await dispatcher.drain()).toMatchObject({ sent: 0, skipped: 1, failed: 0 });
    expect(await certificateMail('skipped')).toBe(1);
    await sleep(100);
    expect(sink.received).toHaveLength(0);
  });
});
