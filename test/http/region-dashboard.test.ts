import { beforeEach, describe, expect, it } from 'vitest';
import { register, type RegistrationInput } from '../../server/features/registration/register.js';
import { cancelByOrganizer } from '../../server/features/registrants/actions.js';
import { organizer, signIn } from '../support/admin.js';
import { person } from '../support/app.js';
import {
  conference,
  PROGRAMME_TITLE,
  PROGRAMME_WORKSHOPS,
  seminarSeries,
  type BuiltConference,
  type BuiltSeminarSeries,
} from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

/**
 * A coordinator's dashboard: only the events touching their regions, per region its
 * registrants (the plenary's people too), each session's confirmed, free and waiting places
 * and the places offered, every count a link to the people behind it; sessions of one title
 * told apart by date and place wherever the back office names them.
 */

const NOW = new Date('2026-11-02T08:00:00Z');
const NBSP = '\u00a0';
// The conference's days (`conference`: 28 days on, a region a day): Riga, then Vidzeme.
const RIGA_DAY = { lv: `2026. gada 30. novembris, plkst.${NBSP}`, en: '30 November 2026, ' };
const VIDZEME_DAY = { lv: `2026. gada 1. decembris, plkst.${NBSP}`, en: '1 December 2026, ' };
const ONLINE = { lv: 'Tiešsaistē', en: 'Online' };
const SEMINAR = { lv: 'Atbalsta pasākumi pašvaldībām', en: 'Support measures for councils' };
const PLACES = ['Cēsu novada dome', 'Valmieras novada dome', 'Rīgas domes zāle', 'Jūrmalas dome', 'Rēzeknes dome'];
const LANGS = ['lv', 'en'] as const;

const input = (over: Record<string, unknown> = {}): RegistrationInput => person(over) as unknown as RegistrationInput;
const inVidzeme = { regionId: 'vidzeme', municipality: 'cesis' };

/** A link to the registrants list with these filters, as a page writes it (`&` escaped). */
const listLink = (slug: string, params: Record<string, string | number>) =>
  `/admin/events/${slug}/registrations?${new URLSearchParams(
    Object.entries(params).map(([k, v]) => [k, String(v)]),
  ).toString()}`.replace(/&/g, '&amp;');

/** The count a link to the list with these filters shows, or null when there is no such link. */
const countLinked = (html: string, slug: string, params: Record<string, string | number>): number | null => {
  const at = html.indexOf(`href="${listLink(slug, params)}"`);
  if (at < 0) return null;
  return Number(/^href="[^"]*">(\d+)</.exec(html.slice(at))?.[1] ?? NaN);
};

/** The number of people a registrants list says it found ("Atrasti: 3" / "Found: 3"). */
const found = (html: string): number => Number(/(?:Atrasti|Found): (\d+)/.exec(html)?.[1] ?? NaN);

const rowOf = (html: string, label: string): string => {
  const at = html.indexOf(label);
  expect(at, `a row naming ${label}`).toBeGreaterThan(-1);
  return html.slice(at, html.indexOf('</tr>', at));
};

describe("a coordinator's dashboard: their region at a glance", () => {
  const { t } = useTestApp({ perTest: true, now: NOW, seed: false });
  let event: BuiltConference;
  let seminars: BuiltSeminarSeries;
  let ws: { riga: number[]; vidzeme: number[] };
  const people: Record<string, number> = {};

  beforeEach(async () => {
    event = await conference(t.db, t.clock.now(), {
      regions: ['riga', 'vidzeme'],
      title: PROGRAMME_TITLE,
      workshopTitles: PROGRAMME_WORKSHOPS,
      places: 2,
      waitlistMode: 'offer',
    });
    ws = { riga: event.workshops.riga ?? [], vidzeme: event.workshops.vidzeme ?? [] };
    // Five seminars of one title, told apart only by their day and place.
    seminars = await seminarSeries(t.db, t.clock.now(), {
      title: { lv: 'Ievadsemināri', en: 'Introductory seminars' },
      seminars: ['vidzeme', 'vidzeme', 'riga', 'riga', 'latgale'].map((regionId, i) => ({
        regionId,
        title: SEMINAR,
        place: PLACES[i] ?? null,
        places: 1,
      })),
    });
    await seminarSeries(t.db, t.clock.now(), {
      slug: 'kurzemes-seminari',
      title: { lv: 'Kurzemes semināri', en: 'Courland seminars' },
      seminars: [{ regionId: 'kurzeme', place: 'Kuldīgas dome' }],
    });
    const admin = await organizer(t, 'admin@example.lv', 'admin');
    await organizer(t, 'vidzeme@example.lv', 'coordinator', ['vidzeme']);
    const add = async (name: string, over: Record<string, unknown>) => {
      people[name] = (await register(t.ctx, event.slug, input({ name, ...over }))).registration.id;
    };
    // Riga: two places for two workshops; three wait in the shared queue (Rasma for the second).
    await add('Rūta Ābele', { sessionIds: [ws.riga[0]] });
    await add('Roberts Bērziņš', { sessionIds: [ws.riga[0]] });
    await add('Rasma Cīrule', { sessionIds: [ws.riga[1]] });
    await add('Raitis Dzene', { sessionIds: [ws.riga[0]] });
    await add('Rihards Egle', { sessionIds: [ws.riga[0]] });
    // Vidzeme: Vilma's place, once cancelled, is offered to Valda (first in the queue).
    await add('Vilma Auziņa', { ...inVidzeme, sessionIds: [ws.vidzeme[0]] });
    await add('Viesturs Balodis', { ...inVidzeme, sessionIds: [ws.vidzeme[0]] });
    await add('Valda Cepure', { ...inVidzeme, sessionIds: [ws.vidzeme[1]] });
    await add('Vents Dālderis', { ...inVidzeme, sessionIds: [ws.vidzeme[0]] });
    await add('Vizma Eglīte', { ...inVidzeme });
    await cancelByOrganizer(t.ctx, admin, people['Vilma Auziņa'] ?? 0);
    people['Silvija Priede'] = (
      await register(
        t.ctx,
        seminars.slug,
        input({ name: 'Silvija Priede', ...inVidzeme, sessionIds: [seminars.sessions[1]] }),
      )
    ).registration.id;
  });

  const plenaryLabel = (region: 'riga' | 'vidzeme', lang: 'lv' | 'en') =>
    `${lang === 'lv' ? 'Plenārsesija' : 'Plenary'} (${region}) — ${(region === 'riga' ? RIGA_DAY : VIDZEME_DAY)[lang]}10${lang === 'lv' ? '.' : ':'}00 · ${ONLINE[lang]}`;
  const workshopLabel = (region: 'riga' | 'vidzeme', n: 0 | 1, lang: 'lv' | 'en') =>
    `${PROGRAMME_WORKSHOPS[n]?.[lang]} — ${(region === 'riga' ? RIGA_DAY : VIDZEME_DAY)[lang]}12${lang === 'lv' ? '.' : ':'}00 · ${ONLINE[lang]}`;

  it("shows a coordinator only the events touching their regions and only their regions' cards; an admin every event (lv and en)", async () => {
    const coordinator = await signIn(t, 'vidzeme@example.lv');
    const admin = await signIn(t, 'admin@example.lv');
    for (const lang of LANGS) {
      const mine = (await coordinator.agent.get(`/admin?lang=${lang}`).expect(200)).text;
      expect(mine).toContain(PROGRAMME_TITLE[lang]);
      expect(mine).toContain(lang === 'lv' ? 'Ievadsemināri' : 'Introductory seminars');
      expect(mine).not.toContain(lang === 'lv' ? 'Kurzemes semināri' : 'Courland seminars');
      expect(mine).toContain('<h3>Vidzeme</h3>');
      expect(mine).not.toContain(`<h3>${lang === 'lv' ? 'Rīga' : 'Riga'}</h3>`);
      expect(mine).not.toContain(plenaryLabel('riga', lang));
      expect(mine).not.toContain(`session=${ws.riga[0]}`);

      const all = (await admin.agent.get(`/admin?lang=${lang}`).expect(200)).text;
      expect(all).toContain(lang === 'lv' ? 'Kurzemes semināri' : 'Courland seminars');
      expect(all).toContain(`<h3>${lang === 'lv' ? 'Rīga' : 'Riga'}</h3>`);
      expect(all).toContain(plenaryLabel('riga', lang));
    }
  });

  it("counts a region's registrants (the plenary's people too), each session's confirmed, free, waiting and offered places, each a link to the people behind it", async () => {
    const coordinator = await signIn(t, 'vidzeme@example.lv');
    const slug = event.slug;
    const plenary = event.plenary.vidzeme ?? 0;
    for (const lang of LANGS) {
      const page = (await coordinator.agent.get(`/admin?lang=${lang}`).expect(200)).text;
      // Viesturs, Valda, Vents and Vizma (Vilma cancelled): four registrants, four at the plenary.
      const expected: [Record<string, string | number>, number][] = [
        [{ region: 'vidzeme', status: 'active' }, 4],
        [{ region: 'vidzeme', status: 'waitlisted' }, 1],
        [{ region: 'vidzeme', status: 'offered' }, 1],
        [{ session: plenary, status: 'confirmed' }, 4],
        [{ session: ws.vidzeme[0] ?? 0, status: 'confirmed' }, 1],
        [{ session: ws.vidzeme[0] ?? 0, status: 'waitlisted' }, 1],
        [{ session: ws.vidzeme[1] ?? 0, status: 'offered' }, 1],
      ];
      for (const [params, n] of expected) {
        expect(countLinked(page, slug, params), JSON.stringify(params)).toBe(n);
        const list = (await coordinator.agent.get(listLink(slug, params).replace(/&amp;/g, '&')).expect(200)).text;
        expect(found(list), JSON.stringify(params)).toBe(n);
      }
      // The plenary row first, then the workshops; the pool is full (offered places count).
      const plenaryRow = rowOf(page, plenaryLabel('vidzeme', lang));
      expect(plenaryRow).toMatch(/<td class="num" data-label="[^"]+">—<\/td>/);
      const first = rowOf(page, workshopLabel('vidzeme', 0, lang));
      expect(first).toMatch(/<td class="num" data-label="[^"]+">0<\/td>/);
      expect(page.indexOf(plenaryLabel('vidzeme', lang))).toBeLessThan(page.indexOf(workshopLabel('vidzeme', 0, lang)));
      expect(page).toContain(lang === 'lv' ? '>Piedāvātas</th>' : '>Offered</th>');
    }
    // Following the plenary's count: its people, Vizma (no workshop) among them.
    const list = await coordinator.agent
      .get(`/admin/events/${slug}/registrations?session=${plenary}&status=confirmed`)
      .expect(200);
    expect(list.text).toContain('Vizma Eglīte');
    expect(list.text).not.toContain('Vilma Auziņa');
  });

  it('shows a region without places offered or held without those columns', async () => {
    const admin = await signIn(t, 'admin@example.lv');
    const page = (await admin.agent.get(`/admin/events/${event.slug}`).expect(200)).text;
    const riga = page.slice(page.indexOf('<h3>Rīga</h3>'), page.indexOf('<h3>Vidzeme</h3>'));
    expect(riga).not.toContain('Piedāvātas');
    expect(countLinked(riga, event.slug, { region: 'riga', status: 'active' })).toBe(5);
    expect(countLinked(riga, event.slug, { session: ws.riga[0] ?? 0, status: 'waitlisted' })).toBe(2);
  });

  it('tells five seminars of one title apart by date and place on the dashboard, the list, its filter, the export and the headings (lv and en)', async () => {
    const admin = await signIn(t, 'admin@example.lv');
    const coordinator = await signIn(t, 'vidzeme@example.lv');
    for (const lang of LANGS) {
      const all = (await admin.agent.get(`/admin?lang=${lang}`).expect(200)).text;
      const named = [...all.matchAll(new RegExp(`<th scope="row">${SEMINAR[lang]} — ([^<]*)</th>`, 'g'))].map(
        (m) => m[1],
      );
      expect(named).toHaveLength(5);
      expect(new Set(named).size).toBe(5);
      for (const place of PLACES) expect(named.some((n) => n?.endsWith(`· ${place}`))).toBe(true);
      expect(named.find((n) => n?.endsWith(PLACES[0] ?? ''))).toContain(
        lang === 'lv' ? '2026. gada 30. novembris' : '30 November 2026',
      );

      // A coordinator: the two Vidzeme seminars only, in the filter's options too.
      const list = (await coordinator.agent.get(`/admin/events/${seminars.slug}/registrations?lang=${lang}`)).text;
      const options = [...list.matchAll(/<option value="(\d+)" >([^<]*)<\/option>/g)].filter((m) =>
        m[2]?.startsWith(SEMINAR[lang]),
      );
      expect(options.map((m) => Number(m[1]))).toEqual(seminars.sessions.slice(0, 2));
      expect(options[0]?.[2]).toContain(`· ${PLACES[0]}`);
      expect(options[1]?.[2]).toContain(`· ${PLACES[1]}`);
      // The list's "Sessions" cell names Silvija's seminar by its day and place.
      expect(list).toMatch(new RegExp(`${SEMINAR[lang]} — [^<(]*· ${PLACES[1]} \\(`));

      const csv = (
        await coordinator.agent.get(`/admin/events/${seminars.slug}/registrations?lang=${lang}&format=csv`).expect(200)
      ).text;
      expect(csv).toMatch(new RegExp(`Silvija Priede.*"${SEMINAR[lang]} — [^"]*· ${PLACES[1]}"`));

      const waitlist = (
        await coordinator.agent.get(`/admin/sessions/${seminars.sessions[1]}/waitlist?lang=${lang}`).expect(200)
      ).text;
      expect(waitlist).toMatch(new RegExp(`<h1>[^<]*${SEMINAR[lang]} — [^<]*· ${PLACES[1]}</h1>`));
      // Her record offers the other Vidzeme seminar of that title by its day and place.
      const record = (
        await coordinator.agent.get(`/admin/registrations/${people['Silvija Priede']}?lang=${lang}`).expect(200)
      ).text;
      expect(record).toMatch(
        new RegExp(`<option value="${seminars.sessions[0]}">${SEMINAR[lang]} — [^<]*· ${PLACES[0]}</option>`),
      );
      const attendance = (
        await coordinator.agent.get(`/admin/sessions/${seminars.sessions[1]}/attendance?lang=${lang}`).expect(200)
      ).text;
      expect(attendance).toMatch(new RegExp(`<h1>[^<]*${SEMINAR[lang]} — [^<]*· ${PLACES[1]}</h1>`));
    }
  });

  it("numbers a workshop's waitlist 1..n and says when the queue is shared by a pool (lv and en)", async () => {
    const admin = await signIn(t, 'admin@example.lv');
    for (const lang of LANGS) {
      const page = (await admin.agent.get(`/admin/sessions/${ws.riga[0]}/waitlist?lang=${lang}`).expect(200)).text;
      expect(page).toContain(`<h1>${lang === 'lv' ? 'Rinda' : 'Waitlist'}: ${workshopLabel('riga', 0, lang)}</h1>`);
      const rows = [
        ...page.matchAll(/<td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>\s*<td><a [^>]*>([^<]*)</g),
      ];
      // Raitis and Rihards: 1 and 2 in this workshop; 2 and 3 in the queue shared with Rasma's workshop.
      expect(rows.map((m) => [m[1], m[2], m[3]])).toEqual([
        ['1', '2', 'Raitis Dzene'],
        ['2', '3', 'Rihards Egle'],
      ]);
      expect(page).toContain(
        lang === 'lv'
          ? `Šī rinda ir kopīga ar šīm sesijām (tām ir kopīgs vietu limits „riga: darbnīcu vietas”): ${workshopLabel('riga', 1, lang)}.`
          : `This queue is shared with these sessions (a shared capacity pool, “riga: workshop places”): ${workshopLabel('riga', 1, lang)}.`,
      );
    }
    // A seminar with a pool of its own: its queue is its own, nothing to say.
    const own = (await admin.agent.get(`/admin/sessions/${seminars.sessions[0]}/waitlist`).expect(200)).text;
    expect(own).not.toContain('Šī rinda ir kopīga');
    expect(own).not.toContain('Vieta kopējā rindā');
  });

  it('gives the plenary its "Registrants" link, a filter entry and a place in the Sessions cell (lv and en)', async () => {
    const coordinator = await signIn(t, 'vidzeme@example.lv');
    const plenary = event.plenary.vidzeme ?? 0;
    for (const lang of LANGS) {
      const page = (await coordinator.agent.get(`/admin/events/${event.slug}?lang=${lang}`).expect(200)).text;
      const row = rowOf(page, `<td>${plenaryLabel('vidzeme', lang)}</td>`);
      expect(row).toContain(`href="/admin/events/${event.slug}/registrations?session=${plenary}"`);
      expect(row).toContain(lang === 'lv' ? 'Dalībnieki' : 'Registrants');

      const list = (
        await coordinator.agent.get(`/admin/events/${event.slug}/registrations?session=${plenary}&lang=${lang}`)
      ).text;
      expect(list).toContain(`<option value="${plenary}" selected>${plenaryLabel('vidzeme', lang)} (Vidzeme)</option>`);
      expect(found(list)).toBe(4);
      const vizma = list.slice(list.indexOf('Vizma Eglīte'));
      expect(vizma.slice(0, vizma.indexOf('</tr>'))).toContain(
        `${plenaryLabel('vidzeme', lang)} (${lang === 'lv' ? 'Vieta apstiprināta' : 'Place confirmed'})`,
      );
    }
  });
});
