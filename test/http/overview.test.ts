import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SEMINARS_SLUG } from '../../seeds/seminars.js';
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
