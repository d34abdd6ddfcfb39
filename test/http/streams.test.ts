import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { conference, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';
const LIVE = `/events/${SLUG}/live/vidzeme`;
/** The Vidzeme plenary as the page is checked against: its title and speakers. */
const VIDZEME = {
  title_lv: 'Plenārsesija: Vidzeme',
  title_en: 'Plenary: Vidzeme',
  speakers_lv: 'Programmas vadītāja; Latvijas Vecāku apvienības pārstāvis',
  speakers_en: 'The programme director; a representative of the Latvian Parents’ Association',
};
const MINUTE = 60_000;

describe('the open stream page of a region', () => {
  const { t } = useTestApp({ now: new Date('2026-11-02T08:00:00Z'), seed: false });
  let built: BuiltConference;
  beforeAll(async () => {
    built = await conference(t.db, t.clock.now(), {
      slug: SLUG,
      regions: ['vidzeme', 'kurzeme'],
      plenary: (region) => (region === 'vidzeme' ? VIDZEME : {}),
    });
  });
  let plenary: { starts_at: string; ends_at: string; stream_url: string };

  beforeAll(async () => {
    plenary = (await t.db('sessions').where('id', built.plenary.vidzeme).first()) as typeof plenary;
  });

  /** Anonymous, as a first-time visitor: no cookie is sent and none may come back. */
  async function open(path = LIVE) {
    const res = await request(t.app).get(path).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('<h1>Plenārsesija: Vidzeme</h1>');
    return res;
  }

  it('before the plenary, it counts down to the start and embeds no player', async () => {
    t.clock.set(new Date(Date.parse(plenary.starts_at) - (2 * 24 * 60 + 3 * 60 + 5) * MINUTE));
    const res = await open();
    expect(res.text).toContain('Drīzumā');
    expect(res.text).toContain('Sākas pēc 2 dienām un 3 stundām');
    expect(res.text).toContain('10.00–11.30');
    expect(res.text).toContain('Latvijas Vecāku apvienības pārstāvis');
    expect(res.text).not.toContain('<iframe');
    expect(res.headers['content-security-policy']).not.toContain('frame-src');
    expect(res.text).toContain(`href="/events/${SLUG}/register?region=vidzeme"`);
  });

  it('while live, it embeds the player and the CSP allows exactly its origin in frame-src', async () => {
    t.clock.set(new Date(Date.parse(plenary.starts_at) + 10 * MINUTE));
    const res = await open();
    expect(res.text).toContain('Tiešraide notiek');
    expect(res.text).toContain(`<iframe src="${plenary.stream_url}"`);
    const csp = String(res.headers['content-security-policy']);
    const frameSrc = csp.split(';').filter((d) => d.startsWith('frame-src'));
    expect(frameSrc).toEqual(['frame-src https://www.youtube-nocookie.com']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/youtube.*youtube/);
    // Other pages keep the strict policy.
    const event = await request(t.app).get(`/events/${SLUG}`).expect(200);
    expect(event.headers['content-security-policy']).not.toContain('frame-src');
  });

  it('while live, a plain link opens the stream beside the player (lv and en); before it, there is none', async () => {
    t.clock.set(new Date(Date.parse(plenary.starts_at) + 10 * MINUTE));
    const link = (text: string) => `<a href="${plenary.stream_url.replace(/&/g, '&amp;')}" rel="noopener">${text}</a>`;
    const lv = await open();
    expect(lv.text).toContain(`<iframe src="${plenary.stream_url}"`);
    expect(lv.text).toContain(link('Atvērt tiešraidi'));
    const en = await request(t.app).get(`${LIVE}?lang=en`).expect(200);
    expect(en.text).toContain(link('Open the live stream'));
    t.clock.set(new Date(Date.parse(plenary.starts_at) - 10 * MINUTE));
    expect((await open()).text).not.toContain('Atvērt tiešraidi');
  });

  it('when the stream URL is not from an allowed origin, then nothing is framed', async () => {
    await t.db('sessions').where('id', built.plenary.kurzeme).update({ embed_origins: 'https://player.vimeo.com' });
    const k = (await t.db('sessions').where('id', built.plenary.kurzeme).first()) as { starts_at: string };
    t.clock.set(new Date(Date.parse(k.starts_at) + MINUTE));
    const res = await request(t.app).get(`/events/${SLUG}/live/kurzeme`).expect(200);
    expect(res.text).not.toContain('<iframe');
    expect(res.headers['content-security-policy']).not.toContain('frame-src');
    expect(res.text).toContain('Atvērt tiešraidi');
  });

  it('after the plenary, it says the stream has ended', async () => {
    t.clock.set(new Date(Date.parse(plenary.ends_at) + MINUTE));
    const res = await open();
    expect(res.text).toContain('Tiešraide ir beigusies');
    expect(res.text).not.toContain('<iframe');
    expect(res.text).not.toContain('Sākas pēc');
    // The workshops start half an hour after the plenary: registration is offered until then.
    expect(res.text).toContain('/register?region=vidzeme');
    t.clock.set(new Date(Date.parse(plenary.ends_at) + 31 * MINUTE));
    const later = await open();
    expect(later.text).not.toContain('/register?region=vidzeme');
  });

  it('in English via ?lang=en, still without setting a cookie', async () => {
    t.clock.set(new Date(Date.parse(plenary.starts_at) - 90 * MINUTE));
    const res = await request(t.app).get(`${LIVE}?lang=en`).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Starts in 1 hour and 30 minutes');
  });

  it('an unknown region or event is a 404, not a 500', async () => {
    await request(t.app).get(`/events/${SLUG}/live/atlantis`).expect(404);
    await request(t.app).get('/events/nope/live/vidzeme').expect(404);
  });

  it('when workshop places run out, the page offers no workshop registration', async () => {
    await t.db('quotas').where('id', built.quota.vidzeme).update({ size: 0 });
    t.clock.set(new Date(Date.parse(plenary.starts_at) - 90 * MINUTE));
    const res = await open();
    expect(res.text).not.toContain('/register?region=vidzeme');
    expect(res.text).toContain('visas vietas ir aizņemtas');
  });
});
