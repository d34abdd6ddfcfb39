import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { COURSE_SLUG } from '../../seeds/course.js';
import { SEMINARS_SLUG } from '../../seeds/seminars.js';
import { MUNICIPAL_WORKSHOPS, SUPERVISIONS } from '../../seeds/singles.js';
import { DEMO_SLUG } from '../support/app.js';
import { useTestApp } from '../support/fixtures.js';

const CONFERENCE = 'Skola. Vecāki. Bērni — reģionālās konferences';
const SEMINARS = 'Ievadsemināri: atbalsta pasākumi';

/** The part of the page under one section heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('the event overview', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z') });

  it('lists upcoming events first, soonest first, with an empty archive', async () => {
    const res = await request(t.app).get('/').expect(200);
    const upcoming = section(res.text, 'upcoming-heading');
    expect(upcoming.indexOf(CONFERENCE)).toBeGreaterThan(-1);
    expect(upcoming.indexOf(SEMINARS)).toBeGreaterThan(upcoming.indexOf(CONFERENCE));
    expect(section(res.text, 'archive-heading')).toContain('Arhīvā atlasei neatbilst neviens pasākums.');
  });

  it('filters by kind and region with plain GET parameters', async () => {
    const seminars = await request(t.app).get('/?kind=seminar_series').expect(200);
    expect(seminars.text).toContain(`/events/${SEMINARS_SLUG}`);
    expect(seminars.text).not.toContain(`/events/${DEMO_SLUG}"`);
    expect(seminars.text).toContain('<option value="seminar_series" selected>');
    const latgale = await request(t.app).get('/?region=latgale&kind=conference').expect(200);
    expect(latgale.text).toContain(`/events/${DEMO_SLUG}"`);
    expect(latgale.text).not.toContain(`/events/${SEMINARS_SLUG}"`);
    // Nonsense is "all", never an error.
    const odd = await request(t.app).get('/?region=mars&kind=party').expect(200);
    expect(odd.text).toContain(CONFERENCE);
    expect(odd.text).toContain(SEMINARS);
  });

  it('moves an event to the archive once its last session has ended', async () => {
    const last = (await t
      .db('sessions')
      .join('events', 'events.id', 'sessions.event_id')
      .where('events.slug', DEMO_SLUG)
      .max({ end: 'sessions.ends_at' })
      .first()) as { end: string };
    t.clock.set(new Date(Date.parse(last.end) + 60_000));
    const res = await request(t.app).get('/').expect(200);
    expect(section(res.text, 'archive-heading')).toContain(CONFERENCE);
    expect(section(res.text, 'upcoming-heading')).not.toContain(CONFERENCE);
    expect(section(res.text, 'upcoming-heading')).toContain(SEMINARS);
  });
});

/**
 * Filters by kind, region, month and audience, on the page and in the API, one
 * rule for both (domain/eventFilters.ts). Seeded on 2 November 2026: the conference on
 * 30 November – 4 December, the seminars from 14 December to 8 January, the course on
 * 19 and 26 January and 2 February, the supervisions on the Wednesdays from 17 February,
 * the municipal workshops on the Thursdays from 18 February.
 */
describe('the event list filtered by kind, region, month and audience', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z') });
  const ALL = [
    DEMO_SLUG,
    SEMINARS_SLUG,
    COURSE_SLUG,
    ...SUPERVISIONS.map((s) => s.slug),
    ...MUNICIPAL_WORKSHOPS.map((s) => s.slug),
  ];
  const FEBRUARY = [COURSE_SLUG, 'supervizija-salaspils', 'supervizija-valmiera', 'darbnica-cesis', 'darbnica-tukums'];

  /** The events a page lists, by the slugs of their links. */
  const listed = (html: string): string[] => ALL.filter((slug) => html.includes(`<a href="/events/${slug}">`)).sort();
  const api = async (query: string, lang = 'lv') => {
    const res = await request(t.app).get(`/api/v1/events${query}`).set('accept-language', lang);
    return res;
  };
  const slugsOf = (body: { events: { slug: string }[] }) => body.events.map((e) => e.slug).sort();

  it('when nothing is chosen, then every event is listed and the count says so', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(listed(res.text)).toEqual([...ALL].sort());
    expect(res.text).toContain('Atrasti pasākumi: 12');
    expect(res.text).toMatch(/<form method="get" action="\/"/);
  });

  it('when a month is chosen, then the events with a session starting in it (Riga time) are listed, the month in Latvian', async () => {
    const res = await request(t.app).get('/?month=2027-02').expect(200);
    expect(listed(res.text)).toEqual([...FEBRUARY].sort());
    expect(res.text).toContain('<option value="2027-02" selected>2027. gada februāris</option>');
    expect(res.text).toContain('<option value="2026-12" >2026. gada decembris</option>');
    expect(res.text).toContain('Atrasti pasākumi: 5');
    const en = await request(t.app).get('/?month=2027-02&lang=en').expect(200);
    expect(en.text).toContain('<option value="2027-02" selected>February 2027</option>');
    expect(en.text).toContain('Events found: 5');
    expect(slugsOf((await api('?month=2027-02')).body)).toEqual([...FEBRUARY].sort());
  });

  it('when a session starts on the 1st at 00.30 in Riga (still the month before in UTC), then it counts in the Riga month', async () => {
    await t
      .db('sessions')
      .whereIn('event_id', t.db('events').select('id').where('slug', 'supervizija-rezekne'))
      .update({ starts_at: '2027-02-28T22:30:00.000Z', ends_at: '2027-03-01T01:30:00.000Z' });
    expect(slugsOf((await api('?month=2027-03&kind=single&region=latgale&audience=school_staff')).body)).toEqual([
      'supervizija-rezekne',
    ]);
    expect(slugsOf((await api('?month=2027-02&kind=single&region=latgale')).body)).not.toContain('supervizija-rezekne');
  });

  it('when an audience is chosen, then events for it or open to everyone are listed, not those for the other audience', async () => {
    const municipal = await request(t.app).get('/?audience=municipality_staff').expect(200);
    expect(listed(municipal.text)).toEqual(
      [DEMO_SLUG, SEMINARS_SLUG, COURSE_SLUG, ...MUNICIPAL_WORKSHOPS.map((s) => s.slug)].sort(),
    );
    expect(municipal.text).toContain('<option value="municipality_staff" selected>Pašvaldību speciālisti</option>');
    const school = await api('?audience=school_staff&kind=single');
    expect(school.status).toBe(200);
    expect(slugsOf(school.body)).toEqual(SUPERVISIONS.map((s) => s.slug).sort());
  });

  it('when a region is chosen, then events held there and those open to every region are listed', async () => {
    const kurzeme = await request(t.app).get('/?region=kurzeme&kind=single').expect(200);
    expect(listed(kurzeme.text)).toEqual(['darbnica-tiessaiste', 'darbnica-tukums', 'supervizija-liepaja']);
    expect(kurzeme.text).toContain('Atrasti pasākumi: 3');
    const all = slugsOf((await api('?region=kurzeme')).body);
    expect(all).toContain(COURSE_SLUG);
    expect(all).not.toContain('supervizija-salaspils');
  });

  it('when filters are combined, then an event must match every one', async () => {
    const res = await request(t.app).get('/?kind=single&region=latgale&audience=municipality_staff').expect(200);
    expect(listed(res.text)).toEqual(['darbnica-preili', 'darbnica-tiessaiste']);
    const body = (await api('?kind=single&region=latgale&audience=municipality_staff&month=2027-02')).body as {
      events: { slug: string }[];
    };
    expect(slugsOf(body)).toEqual([]);
    const none = await request(t.app).get('/?kind=conference&month=2027-02').expect(200);
    expect(none.text).toContain('Atrasti pasākumi: 0');
    expect(none.text).toContain('Atlasei neatbilst neviens gaidāms pasākums.');
  });

  it('when the page gets values it does not offer, then they mean "all" and nothing is selected', async () => {
    for (const query of ['month=2027-13', 'month=1999-01', 'audience=children', 'region=mars', 'kind=party']) {
      const res = await request(t.app).get(`/?${query}`).expect(200);
      expect(listed(res.text)).toEqual([...ALL].sort());
      expect(res.text).not.toMatch(/<option value="[^"]+" selected>/);
    }
  });

  it('when the API gets values it does not know, then it answers 400 with a localized error per field', async () => {
    const lv = await api('?month=2027-2&region=mars&audience=children&kind=party');
    expect(lv.status).toBe(400);
    expect(lv.body.error.code).toBe('invalid_input');
    expect(lv.body.error.fields).toEqual({
      month: 'Norādiet mēnesi formā GGGG-MM, piemēram, 2027-02.',
      region: 'Izvēlieties vienu no piedāvātajām iespējām.',
      audience: 'Izvēlieties vienu no piedāvātajām iespējām.',
      kind: 'Izvēlieties vienu no piedāvātajām iespējām.',
    });
    const en = await api('?month=February', 'en');
    expect(en.status).toBe(400);
    expect(en.body.error.fields).toEqual({ month: 'Give the month as YYYY-MM, for example 2027-02.' });
    // A well-formed month with no events is an empty list, not an error.
    const empty = await api('?month=1999-01');
    expect(empty.status).toBe(200);
    expect(empty.body.events).toEqual([]);
  });
});
