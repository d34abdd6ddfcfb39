import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';

const SLUG = 'konference';

/** The option texts of a <select> in a page. */
function options(html: string, selectId: string): string[] {
  const select = new RegExp(`<select id="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2]!.trim());
}

/** The 43 municipalities in Latvian alphabet order (a ā b c č … ķ l ļ …), written out by hand. */
const LATVIAN_ORDER = [
  'Aizkraukles novads',
  'Alūksnes novads',
  'Augšdaugavas novads',
  'Ādažu novads',
  'Balvu novads',
  'Bauskas novads',
  'Cēsu novads',
  'Daugavpils',
  'Dienvidkurzemes novads',
  'Dobeles novads',
  'Gulbenes novads',
  'Jelgava',
  'Jelgavas novads',
  'Jēkabpils novads',
  'Jūrmala',
  'Krāslavas novads',
  'Kuldīgas novads',
  'Ķekavas novads',
  'Liepāja',
  'Limbažu novads',
  'Līvānu novads',
  'Ludzas novads',
  'Madonas novads',
  'Mārupes novads',
  'Ogres novads',
  'Olaines novads',
  'Preiļu novads',
  'Rēzekne',
  'Rēzeknes novads',
  'Rīga',
  'Ropažu novads',
  'Salaspils novads',
  'Saldus novads',
  'Saulkrastu novads',
  'Siguldas novads',
  'Smiltenes novads',
  'Talsu novads',
  'Tukuma novads',
  'Valkas novads',
  'Valmieras novads',
  'Varakļānu novads',
  'Ventspils',
  'Ventspils novads',
];

describe('municipality lists in Latvian order', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));

  it('when the form opens in Latvian, then the municipalities follow the Latvian alphabet, not code points', async () => {
    const html = (await request(t.app).get(`/events/${SLUG}/register`).expect(200)).text;
    expect(options(html, 'municipality')).toEqual(LATVIAN_ORDER);
  });

  it('when the form opens in English, then the names keep their diacritics and are in order', async () => {
    const html = (await request(t.app).get(`/events/${SLUG}/register?lang=en`).expect(200)).text;
    const names = options(html, 'municipality');
    expect(names).toHaveLength(43);
    for (const name of [
      'Ādaži Municipality',
      'Ķekava Municipality',
      'Cēsis Municipality',
      'Liepāja',
      'Preiļi Municipality',
    ])
      expect(names).toContain(name);
    expect(names).not.toContain('Adazi Municipality');
    // English names in English order: Ā and Ķ sort with A and K (the English collator).
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
    const at = (n: string) => names.indexOf(n);
    expect(at('Ādaži Municipality')).toBeLessThan(at('Aizkraukle Municipality'));
    expect(at('Ādaži Municipality')).toBeLessThan(at('Balvi Municipality'));
    expect(at('Ķekava Municipality')).toBeLessThan(at('Kuldīga Municipality'));
    expect(at('Kuldīga Municipality')).toBeLessThan(at('Liepāja'));
    expect(at('Rēzekne')).toBeLessThan(at('Ropaži Municipality'));
  });

  it('when an organizer filters the list, then the municipality filter is in the same order', async () => {
    await organizer(t, 'order@example.lv', 'admin');
    const { agent } = await signIn(t, 'order@example.lv');
    const html = (await agent.get(`/admin/events/${SLUG}/registrations`).expect(200)).text;
    expect(options(html, 'f-municipality')).toEqual(LATVIAN_ORDER);
  });

  it('when an organizer (admin or coordinator) adds a person, then the form’s municipalities are in Latvian order, and in English order in English', async () => {
    await organizer(t, 'form-admin@example.lv', 'admin');
    await organizer(t, 'form-riga@example.lv', 'coordinator', ['riga']);
    for (const email of ['form-admin@example.lv', 'form-riga@example.lv']) {
      const { agent } = await signIn(t, email);
      const lv = options(
        (await agent.get(`/admin/events/${SLUG}/registrations/new?lang=lv`).expect(200)).text,
        'municipality',
      );
      expect(lv).toEqual(LATVIAN_ORDER);
      expect(lv).toEqual([...lv].sort(new Intl.Collator('lv').compare));
      expect(lv.indexOf('Kuldīgas novads')).toBeLessThan(lv.indexOf('Ķekavas novads'));
      const en = options(
        (await agent.get(`/admin/events/${SLUG}/registrations/new?lang=en`).expect(200)).text,
        'municipality',
      );
      expect(en).toHaveLength(43);
      expect(en).toEqual([...en].sort(new Intl.Collator('en').compare));
    }
  });
});

/** The people's names on a registrants page, in the order shown. */
const peopleOf = (html: string) =>
  [...html.matchAll(/<td><a href="\/admin\/registrations\/\d+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]!);

describe('people in Latvian order, pools by their English names', () => {
  const { t } = useTestApp({ seed: false });
  const slug = 'cilveki';
  const NAMES = [
    'Zariņa Ilze',
    'Čakste Jānis',
    'Cīrulis Pēteris',
    'Ābele Anna',
    'Alksnis Oskars',
    'Ķēniņš Kārlis',
    'Kalns Rūta',
  ];
  beforeAll(async () => {
    await conference(t.db, t.clock.now(), { slug, regions: ['riga', 'kurzeme'] });
    for (const name of NAMES) await register(t.ctx, slug, person({ name }) as unknown as RegistrationInput);
    await organizer(t, 'people-admin@example.lv', 'admin');
    await organizer(t, 'people-riga@example.lv', 'coordinator', ['riga']);
  });

  it('when an admin or a coordinator lists the registrants, then the people follow the Latvian alphabet (Ā after A, Č after C, Ķ after K)', async () => {
    for (const email of ['people-admin@example.lv', 'people-riga@example.lv']) {
      const { agent } = await signIn(t, email);
      for (const lang of ['lv', 'en']) {
        const shown = peopleOf((await agent.get(`/admin/events/${slug}/registrations?lang=${lang}`).expect(200)).text);
        expect(shown).toEqual([...NAMES].sort(new Intl.Collator(lang).compare));
      }
      const shown = peopleOf((await agent.get(`/admin/events/${slug}/registrations?lang=lv`).expect(200)).text);
      expect(shown).toEqual([
        'Alksnis Oskars',
        'Ābele Anna',
        'Cīrulis Pēteris',
        'Čakste Jānis',
        'Kalns Rūta',
        'Ķēniņš Kārlis',
        'Zariņa Ilze',
      ]);
    }
  });

  it('when an event page opens in English, then its pools show their English names, and a pool made with one keeps it (page and API)', async () => {
    const { agent, post } = await signIn(t, 'people-admin@example.lv');
    const en = (await agent.get(`/admin/events/${slug}?lang=en`).expect(200)).text;
    expect(en).toContain('<td>riga: workshop places</td>');
    expect(en).not.toContain('darbnīcu vietas</td>');
    const lv = (await agent.get(`/admin/events/${slug}?lang=lv`).expect(200)).text;
    expect(lv).toContain('<td>riga: darbnīcu vietas</td>');
    const [workshop] = (await t.db('sessions').where({ kind: 'workshop', region_id: 'kurzeme' }).select('id')) as {
      id: number;
    }[];
    await post(`/admin/events/${slug}/quotas`, {
      name: 'Zāles vietas',
      nameEn: 'Places in the hall',
      size: 40,
      sessionIds: String(workshop!.id),
    }).expect(303);
    expect((await agent.get(`/admin/events/${slug}?lang=en`).expect(200)).text).toContain(
      '<td>Places in the hall</td>',
    );
    expect((await agent.get(`/admin/events/${slug}?lang=lv`).expect(200)).text).toContain('<td>Zāles vietas</td>');
    const made = (await t.db('quotas').where('name', 'Zāles vietas').first('name_en')) as { name_en: string };
    expect(made.name_en).toBe('Places in the hall');
    const api = (
      (await request(t.app).get(`/api/v1/events/${slug}`).expect(200)).body as {
        event: { quotas: { name: string; nameEn: string }[] };
      }
    ).event;
    expect(api.quotas).toContainEqual(expect.objectContaining({ name: 'Zāles vietas', nameEn: 'Places in the hall' }));
    expect(api.quotas).toContainEqual(
      expect.objectContaining({ name: 'riga: darbnīcu vietas', nameEn: 'riga: workshop places' }),
    );
    const coordinator = await signIn(t, 'people-riga@example.lv');
    expect((await coordinator.agent.get(`/admin/events/${slug}?lang=en`).expect(200)).text).toContain(
      'riga: workshop places',
    );
  });

  it('when a pool is made without an English name, then English pages call it by its Latvian name', async () => {
    const { agent, post } = await signIn(t, 'people-admin@example.lv');
    const [workshop] = (await t.db('sessions').where({ kind: 'workshop', region_id: 'riga' }).select('id')) as {
      id: number;
    }[];
    await post(`/admin/events/${slug}/quotas`, {
      name: 'Otrās zāles vietas',
      nameEn: '',
      size: 50,
      sessionIds: String(workshop!.id),
    }).expect(303);
    const en = (await agent.get(`/admin/events/${slug}?lang=en`).expect(200)).text;
    expect(en).toContain('<td>Otrās zāles vietas</td>');
  });
});
