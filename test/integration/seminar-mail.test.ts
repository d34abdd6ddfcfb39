import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { person } from '../support/app.js';
import { seminarSeries } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { calendarOf, dispatcherFor } from '../support/mail.js';
import { SmtpSink } from '../support/smtp.js';

const SLUG = 'seminari';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

describe('seminar emails', () => {
  const { t } = useTestApp({ seed: false });
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    await seminarSeries(t.db, t.clock.now(), {
      slug: SLUG,
      seminars: [
        {
          regionId: 'zemgale',
          audience: 'school_staff',
          place: 'Jelgavas 1. pamatskola',
          address: 'Skolas iela 13, Jelgava',
        },
        { regionId: 'zemgale' },
      ],
    });
    sink = new SmtpSink();
    await sink.up();
    transport = smtpTransport(sink.url);
  });
  afterAll(async () => {
    transport.close();
    await sink.down();
  });

  it('a confirmed school seminar comes with an invite at its address; a waitlisted online one says so and carries no link', async () => {
    const rows = (await t
      .db('sessions')
      .where({ kind: 'seminar', region_id: 'zemgale' })
      .orderBy('starts_at')
      .select('id', 'place', 'address', 'join_url')) as {
      id: number;
      place: string | null;
      address: string | null;
      join_url: string | null;
    }[];
    const school = rows.find((r) => r.place?.includes('pamatskola'));
    const online = rows.find((r) => r.join_url !== null);
    if (!school || !online?.join_url) throw new Error('no Zemgale school or online seminar built');
    const link = (await t.db('quota_sessions').where('session_id', online.id).first()) as { quota_id: number };
    await t.db('quotas').where('id', link.quota_id).update({ size: 0 });

    const zemgale = { regionId: 'zemgale', municipality: 'jelgava' };
    await register(t.ctx, SLUG, input({ ...zemgale, email: 'ilze@skola.lv', sessionIds: [school.id] }));
    await register(t.ctx, SLUG, input({ ...zemgale, email: 'maris@skola.lv', sessionIds: [online.id] }));
    expect((await dispatcherFor(t, transport).drain()).sent).toBe(2);
    await sink.waitFor(2);

    const [ilze] = sink.to('ilze@skola.lv');
    const invite = ilze && calendarOf(ilze);
    expect(invite?.method).toBe('REQUEST');
    expect(invite?.raw.replace(/\r\n /g, '')).toContain(
      `LOCATION:${school.place}\\, ${school.address?.replace(/,/g, '\\,')}`,
    );

    const [maris] = sink.to('maris@skola.lv');
    expect(maris?.mail.text).toContain('vietu seminārā saņemsiet automātiski');
    expect(maris?.mail.text).not.toContain(online.join_url);
    expect(maris?.mail.html || '').not.toContain(online.join_url);
  });
});
