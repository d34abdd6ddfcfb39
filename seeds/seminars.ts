import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { ZONE, zonedInstant } from '../server/domain/time.js';

/**
 * The introductory seminars of the reference programme: 8 for municipality staff and 20
 * for a school's staff, across the five regions, on weekdays in the weeks after the
 * conference days; each seminar is its own quota.
 */
export const SEMINARS_SLUG = 'ievadseminari';
export const MUNICIPALITY_SEMINAR_PLACES = 30;
export const SCHOOL_SEMINAR_PLACES = 25;

interface Seminar {
  audience: 'municipality_staff' | 'school_staff';
  regionId: string;
  /** The council or school hosting it (a proper name, the same in both languages); null online. */
  place: string | null;
  address: string | null;
}

const online = (regionId: string): Seminar => ({
  audience: 'municipality_staff',
  regionId,
  place: null,
  address: null,
});
const council = (regionId: string, place: string, address: string): Seminar => ({
  audience: 'municipality_staff',
  regionId,
  place,
  address,
});
const school = (regionId: string, name: string, address: string): Seminar => ({
  audience: 'school_staff',
  regionId,
  place: name,
  address,
});

// Demo places: the names are of a kind, the street addresses are illustrative.
const SEMINARS: Seminar[] = [
  council('riga', 'Rīgas valstspilsētas pašvaldība', 'Rātslaukums 1, Rīga'),
  online('riga'),
  council('vidzeme', 'Valmieras novada pašvaldība', 'Lāčplēša iela 2, Valmiera'),
  council('kurzeme', 'Kuldīgas novada pašvaldība', 'Baznīcas iela 1, Kuldīga'),
  council('zemgale', 'Jelgavas valstspilsētas pašvaldība', 'Lielā iela 11, Jelgava'),
  online('zemgale'),
  council('latgale', 'Daugavpils valstspilsētas pašvaldība', 'K. Valdemāra iela 1, Daugavpils'),
  council('latgale', 'Rēzeknes novada pašvaldība', 'Atbrīvošanas aleja 95, Rēzekne'),
  school('riga', 'Rīgas 1. pamatskola', 'Skolas iela 1, Rīga'),
  school('riga', 'Ogres 2. vidusskola', 'Skolas iela 2, Ogre'),
  school('riga', 'Siguldas 3. pamatskola', 'Skolas iela 3, Sigulda'),
  school('riga', 'Jūrmalas 4. vidusskola', 'Skolas iela 4, Jūrmala'),
  school('vidzeme', 'Cēsu 1. pamatskola', 'Skolas iela 5, Cēsis'),
  school('vidzeme', 'Madonas 2. vidusskola', 'Skolas iela 6, Madona'),
  school('vidzeme', 'Gulbenes 3. pamatskola', 'Skolas iela 7, Gulbene'),
  school('vidzeme', 'Valkas 4. vidusskola', 'Skolas iela 8, Valka'),
  school('kurzeme', 'Liepājas 1. pamatskola', 'Skolas iela 9, Liepāja'),
  school('kurzeme', 'Ventspils 2. vidusskola', 'Skolas iela 10, Ventspils'),
  school('kurzeme', 'Talsu 3. pamatskola', 'Skolas iela 11, Talsi'),
  school('kurzeme', 'Saldus 4. vidusskola', 'Skolas iela 12, Saldus'),
  school('zemgale', 'Jelgavas 1. pamatskola', 'Skolas iela 13, Jelgava'),
  school('zemgale', 'Bauskas 2. vidusskola', 'Skolas iela 14, Bauska'),
  school('zemgale', 'Dobeles 3. pamatskola', 'Skolas iela 15, Dobele'),
  school('zemgale', 'Jēkabpils 4. vidusskola', 'Skolas iela 16, Jēkabpils'),
  school('latgale', 'Daugavpils 1. pamatskola', 'Skolas iela 17, Daugavpils'),
  school('latgale', 'Rēzeknes 2. vidusskola', 'Skolas iela 18, Rēzekne'),
  school('latgale', 'Ludzas 3. pamatskola', 'Skolas iela 19, Ludza'),
  school('latgale', 'Balvu 4. vidusskola', 'Skolas iela 20, Balvi'),
];

const TEXTS = {
  municipality_staff: {
    title_lv: 'Ievadseminārs pašvaldību speciālistiem: programmas atbalsta pasākumi',
    title_en: 'Introductory seminar for municipality staff: the programme’s support measures',
    description_lv:
      'Kādus atbalsta pasākumus programma piedāvā skolēniem priekšlaicīgas mācību pārtraukšanas riskā, kā tos pieteikt un kā pašvaldība sadarbojas ar skolām individuālo atbalsta plānu īstenošanā.',
    description_en:
      'Which support measures the programme offers learners at risk of early leaving, how to apply for them and how the municipality works with schools on individual support plans.',
  },
  school_staff: {
    title_lv: 'Ievadseminārs skolas komandai: individuālie atbalsta plāni',
    title_en: 'Introductory seminar for the school team: individual support plans',
    description_lv:
      'Kā skolā atpazīt riskus, sagatavot un pārskatīt skolēna individuālo atbalsta plānu un izmantot programmas atbalsta pasākumus kopā ar vecākiem.',
    description_en:
      'How a school recognises risks, drafts and reviews a learner’s individual support plan and uses the programme’s support measures together with parents.',
  },
} as const;

/** Weekdays from `from` on, as many as asked. */
function weekdays(from: DateTime, count: number): DateTime[] {
  const days: DateTime[] = [];
  let day = from.setZone(ZONE).startOf('day');
  while (days.length < count) {
    if (day.weekday <= 5) days.push(day);
    day = day.plus({ days: 1 });
  }
  return days;
}

/** Seeds the seminar series starting a week after `after` (the last conference day). */
export async function seedSeminars(knex: Knex, now: Date, after: DateTime): Promise<number> {
  const at = now.toISOString();
  // Twenty weekdays (four weeks) for 28 seminars: two a day never share a region and time.
  const days = weekdays(after.plus({ weeks: 1 }), 20);
  const lastDay = days[days.length - 1];
  if (!lastDay) throw new Error('no seminar days');

  return knex.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug: SEMINARS_SLUG,
        kind: 'seminar_series',
        title_lv: 'Ievadsemināri: atbalsta pasākumi un individuālie atbalsta plāni',
        title_en: 'Introductory seminars: support measures and individual support plans',
        description_lv:
          'Semināri pašvaldību speciālistiem un skolu komandām par programmas atbalsta pasākumiem un skolēnu individuālajiem atbalsta plāniem. Katram semināram ir sava vieta, datums un vietu skaits.',
        description_en:
          'Seminars for municipality staff and school teams about the programme’s support measures and learners’ individual support plans. Each seminar has its own place, date and number of places.',
        timezone: ZONE,
        registration_opens_at: at,
        registration_closes_at: zonedInstant(lastDay, 9, 0),
        status: 'published',
        reminder_hours: 24,
        // The funder's participant data (ESF+ common indicators) is asked on this event.
        participant_data: true,
        join_link_minutes: 30,
        created_at: at,
        updated_at: at,
      })
      .returning('id')) as { id: number }[];
    const eventId = Number(event?.id);
    // A pool is named by what an organizer knows it by: the place, or online and the region's name.
    const regionNames = new Map(
      ((await trx('regions').select('id', 'name_lv')) as { id: string; name_lv: string }[]).map((r) => [
        r.id,
        r.name_lv,
      ]),
    );
    const regionNamesEn = new Map(
      ((await trx('regions').select('id', 'name_en')) as { id: string; name_en: string }[]).map((r) => [
        r.id,
        r.name_en,
      ]),
    );

    for (const [i, seminar] of SEMINARS.entries()) {
      // Municipality seminars in the morning of the first days, school ones in the
      // afternoon spread over all twenty days.
      const municipal = seminar.audience === 'municipality_staff';
      const day = days[municipal ? i * 2 : i - 8] ?? lastDay;
      const texts = TEXTS[seminar.audience];
      const [inserted] = (await trx('sessions')
        .insert({
          event_id: eventId,
          kind: 'seminar',
          region_id: seminar.regionId,
          ...texts,
          starts_at: zonedInstant(day, municipal ? 10 : 14, municipal ? 0 : 30),
          ends_at: zonedInstant(day, municipal ? 12 : 16, 0),
          place: seminar.place,
          address: seminar.address,
          audience: seminar.audience,
          join_url: seminar.place ? null : `https://videokonference.example.lv/j/seminars-${seminar.regionId}-${i + 1}`,
          speakers_lv: 'Programmas reģionālais koordinators',
          speakers_en: 'The programme’s regional coordinator',
          sort: i,
        })
        .returning('id')) as { id: number }[];
      const [quota] = (await trx('quotas')
        .insert({
          event_id: eventId,
          name: `Semināra vietas (${seminar.place ?? `tiešsaistē, ${regionNames.get(seminar.regionId) ?? seminar.regionId}`})`,
          name_en: `Seminar places (${seminar.place ?? `online, ${regionNamesEn.get(seminar.regionId) ?? seminar.regionId}`})`,
          size: municipal ? MUNICIPALITY_SEMINAR_PLACES : SCHOOL_SEMINAR_PLACES,
          used: 0,
        })
        .returning('id')) as { id: number }[];
      await trx('quota_sessions').insert({ quota_id: quota?.id, session_id: inserted?.id });
    }
    return eventId;
  });
}
