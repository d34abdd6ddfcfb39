import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelSeat } from '../../server/features/registration/register.js';
import { person } from '../support/app.js';
import { conference, course, single, type BuiltConference } from '../support/build.js';
import { composedFor } from '../support/compose.js';
import { useTestApp } from '../support/fixtures.js';
import { requiredAnswers } from '../support/questions.js';

/**
 * Issue 28, rule 11: copy as a Latvian editor writes it (and its English) — one colon in
 * a sentence, the right noun (a course is "kurss"), "plkst. 9.30", a singular for one
 * session, buttons that say what happens ("Lejupielādēt kalendāra failu", not ".ics"),
 * and the way back from a join link that no longer leads to a session.
 */
const COLON_TITLE = 'Grupas supervīzija: sarežģītas situācijas ar skolēniem';

/** A line of prose (no URL) with two colons: a sentence that reads "X: Y: Z". */
const twoColons = (text: string): string[] =>
  text.split('\n').filter((line) => !/https?:\/\//.test(line) && (line.match(/:/g)?.length ?? 0) > 1);

describe('copy that reads as written', () => {
  const { t } = useTestApp({ seed: false });
  let conf: BuiltConference;

  beforeAll(async () => {
    const now = t.clock.now();
    conf = await conference(t.db, now, { slug: 'konference', regions: ['riga'], places: 1 });
    await course(t.db, now, { slug: 'kurss' });
    const one = await single(t.db, now, {
      slug: 'supervizija',
      place: 'Rīgas 1. vidusskola',
      address: 'Ausekļa iela 1',
    });
    await t
      .db('sessions')
      .where('id', one.session)
      .update({ title_lv: COLON_TITLE, title_en: 'Group supervision: hard cases' });
    // a session at 9.30 for "plkst. 9.30"
    const start = (await t.db('sessions').where('id', one.session).first('starts_at')) as { starts_at: string };
    const day = start.starts_at.slice(0, 10);
    await t
      .db('sessions')
      .where('id', one.session)
      .update({ starts_at: `${day}T07:30:00.000Z`, ends_at: `${day}T10:00:00.000Z` });
  });

  it('a single event whose title has a colon: the page and the mail say it in one colon, at "plkst. 9.30"', async () => {
    const res = await request(t.app)
      .post('/api/v1/events/supervizija/registrations')
      .send(person({ email: 'colon@skola.lv', sessionIds: [] }))
      .expect(201);
    const manage = new URL((res.body as { registration: { manageUrl: string } }).registration.manageUrl).pathname;
    const page = await request(t.app).get(`${manage}?welcome=1`).expect(200);
    expect(page.text).toContain(`Jūsu vieta nodarbībā „${COLON_TITLE}” ir apstiprināta.`);
    expect(page.text).toContain('plkst.\u00a09.30–12.00');
    expect(page.text).not.toContain('09.30');
    const [mail] = (await composedFor(t, 'colon@skola.lv')).filter((m) => m.kind === 'registration_received');
    expect(mail?.text).toContain('plkst.\u00a09.30–12.00');
    expect(twoColons(mail?.text ?? '').filter((l) => !l.includes(COLON_TITLE))).toEqual([]);
  });

  it('a course mail calls it a course, its sessions its lessons; a cancelled course says "kursam"', async () => {
    const answers = await requiredAnswers(t.db, 'kurss');
    const res = await request(t.app)
      .post('/api/v1/events/kurss/registrations')
      .send(person({ email: 'kurss@skola.lv', sessionIds: [], answers }))
      .expect(201);
    const token = new URL((res.body as { registration: { manageUrl: string } }).registration.manageUrl).pathname.split(
      '/',
    )[2];
    await request(t.app).delete(`/api/v1/registrations/${token}`).expect(200);
    const mails = await composedFor(t, 'kurss@skola.lv');
    const received = mails.find((m) => m.kind === 'registration_received');
    expect(received?.text).toContain('Paldies par reģistrāciju kursam „Pārbaudes kurss”. Kursa nodarbības:');
    expect(received?.text).not.toContain('Jūsu sesijas');
    const cancelled = mails.find((m) => m.kind === 'registration_cancelled');
    expect(cancelled?.text).toContain('Jūsu reģistrācija kursam „Pārbaudes kurss” ir atcelta.');
  });

  it('one session given up is "šajā sesijā", and the manage page buttons say what they do in words', async () => {
    const [a] = conf.workshops.riga ?? [0, 0];
    const res = await request(t.app)
      .post('/api/v1/events/konference/registrations')
      .send(person({ email: 'viena@skola.lv', regionId: 'riga', sessionIds: [a] }))
      .expect(201);
    const manage = new URL((res.body as { registration: { manageUrl: string } }).registration.manageUrl).pathname;
    for (const [lang, words, jargon] of [
      ['lv', ['Lejupielādēt kalendāra failu', 'Lejupielādēt manus datus'], ['.ics<', 'JSON']],
      ['en', ['Download the calendar file', 'Download my data'], ['.ics<', 'JSON']],
    ] as const) {
      const page = await request(t.app).get(`${manage}?lang=${lang}`).expect(200);
      for (const w of words) expect(page.text).toContain(w);
      for (const j of jargon) expect(page.text).not.toContain(j);
    }
    // giving up the workshop (the plenary stays): one session, in the singular
    const token = manage.split('/')[2] ?? '';
    const seat = (await t
      .db('seats')
      .join('registrations', 'registrations.id', 'seats.registration_id')
      .where({ 'registrations.email': 'viena@skola.lv', 'seats.session_id': a })
      .first('seats.id')) as { id: number };
    await cancelSeat(t.ctx, token, seat.id);
    const cancelled = (await composedFor(t, 'viena@skola.lv')).find((m) => m.kind === 'seat_cancelled');
    expect(cancelled?.text).toContain('Jūsu dalība šajā sesijā ir atcelta:');
  });

  it('a join link after its session leads on: the plenary to its stream page, a workshop to the event', async () => {
    const [, b] = conf.workshops.riga ?? [0, 0];
    const res = await request(t.app)
      .post('/api/v1/events/konference/registrations')
      .send(person({ email: 'beigas@skola.lv', regionId: 'riga', sessionIds: [b] }))
      .expect(201);
    const manage = new URL((res.body as { registration: { manageUrl: string } }).registration.manageUrl).pathname;
    const page = await request(t.app).get(manage).expect(200);
    const links = [...page.text.matchAll(/href="(\/j\/[\w-]+)"/g)].map((m) => m[1] ?? '');
    expect(links).toHaveLength(2);
    const ends = (await t
      .db('sessions')
      .whereIn('id', [conf.plenary.riga ?? 0, b ?? 0])
      .pluck('ends_at')) as string[];
    t.clock.set(new Date(Math.max(...ends.map((e) => Date.parse(e))) + 60_000));
    const [plenary, workshop] = await Promise.all(links.map((l) => request(t.app).get(`${l}?lang=en`).expect(200)));
    expect(plenary?.text).toContain('href="/events/konference/live/riga">To the stream page</a>');
    expect(workshop?.text).toContain('href="/events/konference">To the event’s programme</a>');
    t.clock.set(new Date());
  });
});
