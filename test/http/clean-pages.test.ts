import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { conference, PROGRAMME_TITLE, seminarSeries, type BuiltConference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;

/** Tags in document order (scripts and comments left out). */
function tags(html: string): { name: string; closing: boolean; text: string }[] {
  const clean = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<script[\s\S]*?<\/script>/g, '');
  return [...clean.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)].map((m) => ({
    name: m[2]!.toLowerCase(),
    closing: m[1] === '/',
    text: m[0],
  }));
}

const BLOCKS = new Set([
  'form',
  'div',
  'ul',
  'ol',
  'dl',
  'table',
  'section',
  'nav',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'details',
]);

/** What a reviewer would flag on a page: heading jumps, blocks inside <p>, the title, favicon, description. */
function problems(html: string, publicPage: boolean): string[] {
  const found: string[] = [];
  let inP = false;
  let level = 0;
  let h1 = 0;
  for (const tag of tags(html)) {
    if (tag.name === 'p') inP = !tag.closing;
    else if (!tag.closing && inP && BLOCKS.has(tag.name)) found.push(`<${tag.name}> inside <p>`);
    const heading = /^h([1-6])$/.exec(tag.name);
    if (heading && !tag.closing) {
      const n = Number(heading[1]);
      if (n === 1) h1 += 1;
      if (n > level + 1) found.push(`heading jumps from h${level} to h${n}`);
      level = n;
    }
  }
  if (h1 !== 1) found.push(`${h1} h1 headings`);
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  if (title.length === 0 || title.length >= 60) found.push(`title of ${title.length} characters: ${title}`);
  for (const name of ['Skola. Vecāki. Bērni', 'School. Parents. Children'])
    if (title.split(name).length > 2) found.push(`title names "${name}" twice`);
  if (!/<link rel="icon" href="\/static\/favicon.svg"/.test(html)) found.push('no favicon');
  if (publicPage && !/<meta name="description" content="[^"]{50,}">/.test(html)) found.push('no meta description');
  return found;
}

/** Descriptions long enough for a page's meta description, as organizers write them. */
const ABOUT = {
  lv: 'Tiešsaistes konferences pedagogiem, atbalsta personālam, pašvaldību speciālistiem un vecākiem par sadarbību.',
  en: 'Online conferences for educators, support staff, municipality specialists and parents on working together.',
};
const ABOUT_SEMINARS = {
  lv: 'Semināri pašvaldību speciālistiem un skolu komandām par programmas atbalsta pasākumiem.',
  en: 'Seminars for municipality staff and school teams about the programme’s support measures.',
};
const MUNICIPAL = { lv: 'Ievadseminārs pašvaldību speciālistiem', en: 'Introductory seminar for municipality staff' };
const SCHOOL = { lv: 'Ievadseminārs skolas komandai', en: 'Introductory seminar for the school team' };
const FOR_MUNICIPALITIES = {
  lv: 'Kādus atbalsta pasākumus programma piedāvā un kā tos pieteikt.',
  en: 'Which support measures the programme offers and how to apply for them.',
};
const FOR_SCHOOLS = {
  lv: 'Kā skolā sagatavot skolēna individuālo atbalsta plānu.',
  en: 'How a school drafts a learner’s individual support plan.',
};

describe('clean pages: headings, titles, favicon, description, no block inside <p>', () => {
  const { t } = useTestApp({ seed: false });
  let built: BuiltConference;
  beforeAll(async () => {
    built = await conference(t.db, t.clock.now(), {
      title: PROGRAMME_TITLE,
      description: ABOUT,
      regions: ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'],
    });
    await seminarSeries(t.db, t.clock.now(), {
      slug: 'ievadseminari',
      title: { lv: 'Ievadsemināri', en: 'Introductory seminars' },
      description: ABOUT_SEMINARS,
      seminars: [
        { regionId: 'riga', title: MUNICIPAL, description: FOR_MUNICIPALITIES },
        { regionId: 'zemgale', title: MUNICIPAL, description: FOR_MUNICIPALITIES },
        {
          regionId: 'riga',
          audience: 'school_staff',
          place: 'Rīgas 1. pamatskola',
          title: SCHOOL,
          description: FOR_SCHOOLS,
        },
        {
          regionId: 'latgale',
          audience: 'school_staff',
          place: 'Ludzas 3. pamatskola',
          title: SCHOOL,
          description: FOR_SCHOOLS,
        },
      ],
    });
  });
  let token = '';
  let registrationId = 0;

  beforeAll(async () => {
    const r = await register(t.ctx, built.slug, input({ sessionIds: [built.workshops.riga?.[0]] }));
    token = r.token;
    registrationId = r.registration.id;
    await organizer(t, 'clean@example.lv');
  });

  const PUBLIC = () => [
    '/',
    `/events/${built.slug}`,
    `/events/${built.slug}/register?region=riga`,
    `/r/${token}`,
    `/events/${built.slug}/live/riga`,
    '/events/ievadseminari',
    `/events/${built.slug}/lost-link`,
    '/privacy',
    '/accessibility',
  ];
  const ADMIN = () => [
    '/admin',
    `/admin/events/${built.slug}`,
    `/admin/events/${built.slug}/registrations`,
    `/admin/registrations/${registrationId}`,
    `/admin/events/${built.slug}/report`,
    '/admin/reports/programme',
    '/admin/audit',
    '/admin/access',
    '/admin/privacy',
    '/admin/outbox',
    '/admin/organizers',
    '/admin/account',
  ];

  for (const lang of ['lv', 'en'] as const) {
    it(`every public page in ${lang} passes`, async () => {
      for (const path of PUBLIC()) {
        const res = await request(t.app)
          .get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`)
          .expect(200);
        expect(problems(res.text, true), path).toEqual([]);
      }
    });

    it(`every organizer page in ${lang} passes`, async () => {
      const { agent } = await signIn(t, 'clean@example.lv');
      for (const path of ADMIN()) {
        const res = await agent.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`).expect(200);
        expect(problems(res.text, false), path).toEqual([]);
      }
    });
  }

  it('the checker finds what it looks for (so "no problems" means something)', () => {
    const bad =
      '<html><head><title>' +
      'x'.repeat(70) +
      '</title></head><body><h1>a</h1><h3>b</h3><p><form></form></p><h1>c</h1></body></html>';
    expect(problems(bad, true)).toEqual([
      'heading jumps from h1 to h3',
      '<form> inside <p>',
      '2 h1 headings',
      `title of 70 characters: ${'x'.repeat(70)}`,
      'no favicon',
      'no meta description',
    ]);
  });

  it('on a phone: the conference page links to each region, the seminar list shows each description once', async () => {
    const event = (await request(t.app).get(`/events/${built.slug}`).expect(200)).text;
    const jumps = [...event.matchAll(/<li><a href="#region-([a-z]+)">/g)].map((m) => m[1]);
    expect(jumps).toEqual(['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale']);
    for (const id of jumps) expect(event).toContain(`id="region-${id}"`);
    const list = (await request(t.app).get('/events/ievadseminari').expect(200)).text;
    const seminars = (await t
      .db('sessions')
      .join('events', 'events.id', 'sessions.event_id')
      .where('events.slug', 'ievadseminari')
      .select('sessions.description_lv')) as { description_lv: string }[];
    const descriptions = [...new Set(seminars.map((r) => r.description_lv).filter(Boolean))];
    expect(descriptions.length).toBeLessThan(seminars.length);
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
    for (const d of descriptions) expect(list.split(escape(d)).length - 1, d).toBe(1);
  });

  it('the favicon is served', async () => {
    const res = await request(t.app).get('/static/favicon.svg').expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
