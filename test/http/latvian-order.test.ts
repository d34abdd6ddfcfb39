import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';
import { organizer, signIn } from '../support/admin.js';

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
    const at = (n: string) => names.indexOf(n);
    expect(at('Augšdaugava Municipality')).toBeLessThan(at('Ādaži Municipality'));
    expect(at('Ādaži Municipality')).toBeLessThan(at('Balvi Municipality'));
    expect(at('Kuldīga Municipality')).toBeLessThan(at('Ķekava Municipality'));
    expect(at('Ķekava Municipality')).toBeLessThan(at('Liepāja'));
    expect(at('Rēzekne')).toBeLessThan(at('Ropaži Municipality'));
  });

  it('when an organizer filters the list, then the municipality filter is in the same order', async () => {
    await organizer(t, 'order@example.lv', 'admin');
    const { agent } = await signIn(t, 'order@example.lv');
    const html = (await agent.get(`/admin/events/${SLUG}/registrations`).expect(200)).text;
    expect(options(html, 'f-municipality')).toEqual(LATVIAN_ORDER);
  });
});
