import type { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { ZONE, zonedInstant } from '../server/domain/time.js';
import { DEMO_CERTIFICATES } from './certificates.js';

/**
 * The programme's single-session events (kind `single`): a supervision at a school in each
 * region, for the school's team, and workshops at municipalities on cooperation between
 * institutions, for municipality staff (one online, open to every region). Each is an
 * event of its own with one session and one pool; its one session is taken without
 * choosing it (`takenWhole`). Three hours each, so that attending earns a certificate.
 */
export const SUPERVISION_PLACES = 10;
export const MUNICIPAL_WORKSHOP_PLACES = 20;
const HOURS_TENTHS = 30;

interface Single {
  slug: string;
  audience: 'school_staff' | 'municipality_staff';
  /** null: online, open to every region. */
  regionId: string | null;
  /** The school or council hosting it (a proper name, the same in both languages); null online. */
  place: string | null;
  address: string | null;
  /** In Latvian and English, for the event's title: "(Cēsu novads)". */
  where: { lv: string; en: string };
}

const supervision = (slug: string, regionId: string, place: string, address: string): Single => ({
  slug: `supervizija-${slug}`,
  audience: 'school_staff',
  regionId,
  place,
  address,
  where: { lv: place, en: place },
});
const workshop = (slug: string, regionId: string, place: string, address: string, where: Single['where']): Single => ({
  slug: `darbnica-${slug}`,
  audience: 'municipality_staff',
  regionId,
  place,
  address,
  where,
});

export const SUPERVISIONS: Single[] = [
  supervision('salaspils', 'riga', 'Salaspils 1. vidusskola', 'Skolas iela 6, Salaspils'),
  supervision('valmiera', 'vidzeme', 'Valmieras Valsts ģimnāzija', 'Leona Paegles iela 30, Valmiera'),
  supervision('liepaja', 'kurzeme', 'Liepājas Valsts 1. ģimnāzija', 'Ausekļa iela 5, Liepāja'),
  supervision('jelgava', 'zemgale', 'Jelgavas Valsts ģimnāzija', 'Mātera iela 44, Jelgava'),
  supervision('rezekne', 'latgale', 'Rēzeknes Valsts 1. ģimnāzija', 'Dzirnavu iela 3, Rēzekne'),
];

export const MUNICIPAL_WORKSHOPS: Single[] = [
  workshop('cesis', 'vidzeme', 'Cēsu novada pašvaldība', 'Raunas iela 4, Cēsis', {
    lv: 'Cēsu novads',
    en: 'Cēsis municipality',
  }),
  workshop('tukums', 'kurzeme', 'Tukuma novada pašvaldība', 'Talsu iela 4, Tukums', {
    lv: 'Tukuma novads',
    en: 'Tukums municipality',
  }),
  workshop('preili', 'latgale', 'Preiļu novada pašvaldība', 'Raiņa bulvāris 19, Preiļi', {
    lv: 'Preiļu novads',
    en: 'Preiļi municipality',
  }),
  {
    slug: 'darbnica-tiessaiste',
    audience: 'municipality_staff',
    regionId: null,
    place: null,
    address: null,
    where: { lv: 'tiešsaistē', en: 'online' },
  },
];

const TEXTS = {
  school_staff: (s: Single) => ({
    event: {
      title_lv: `Supervīzija skolas komandai: ${s.where.lv}`,
      title_en: `Supervision for the school team: ${s.where.en}`,
      description_lv:
        'Grupas supervīzija skolas pedagogiem un atbalsta personālam: kopā ar supervizoru pārrunājam sarežģītas situācijas ar skolēniem priekšlaicīgas mācību pārtraukšanas riskā un meklējam nākamos soļus. Desmit vietas.',
      description_en:
        'Group supervision for the school’s teachers and support staff: with a supervisor we talk through difficult situations with learners at risk of early leaving and look for the next steps. Ten places.',
    },
    session: {
      title_lv: 'Grupas supervīzija: sarežģītas situācijas ar skolēniem',
      title_en: 'Group supervision: difficult situations with learners',
      speakers_lv: 'Sertificēta supervizore',
      speakers_en: 'A certified supervisor',
    },
  }),
  municipality_staff: (s: Single) => ({
    event: {
      title_lv: `Darbnīca pašvaldībai: iestāžu sadarbība (${s.where.lv})`,
      title_en: `Workshop for the municipality: cooperation between institutions (${s.where.en})`,
      description_lv:
        'Darbnīca pašvaldības, skolu, sociālā dienesta un bāriņtiesas speciālistiem par to, kā kopā laikus palīdzēt skolēnam mācību pārtraukšanas riskā: kurš ko dara, kā apmainīties ar informāciju un kā vienoties par atbalsta plānu.',
      description_en:
        'A workshop for the specialists of the municipality, its schools, social service and orphans’ court on helping a learner at risk of leaving school in time, together: who does what, how to share information and how to agree on a support plan.',
    },
    session: {
      title_lv: 'Iestāžu sadarbība skolēna atbalstam',
      title_en: 'Institutions working together to support a learner',
      speakers_lv: 'Programmas reģionālais koordinators',
      speakers_en: 'The programme’s regional coordinator',
    },
  }),
} as const;

/**
 * Seeds the single-session events from the week of `from` on: the supervisions on the
 * Wednesdays of five weeks in a row (13.00–16.00), the municipal workshops on the Thursdays
 * of four (10.00–13.00).
 */
export async function seedSingles(knex: Knex, now: Date, from: DateTime): Promise<number[]> {
  const at = now.toISOString();
  const week = from.setZone(ZONE).startOf('week');
  const plan = [
    ...SUPERVISIONS.map((s, i) => ({ single: s, day: week.plus({ weeks: i, days: 2 }), hour: 13 })),
    ...MUNICIPAL_WORKSHOPS.map((s, i) => ({ single: s, day: week.plus({ weeks: i, days: 3 }), hour: 10 })),
  ];
  const ids: number[] = [];
  for (const { single, day, hour } of plan) {
    const texts = TEXTS[single.audience](single);
    const places = single.audience === 'school_staff' ? SUPERVISION_PLACES : MUNICIPAL_WORKSHOP_PLACES;
    ids.push(
      await knex.transaction(async (trx) => {
        const [event] = (await trx('events')
          .insert({
            slug: single.slug,
            kind: 'single',
            ...texts.event,
            timezone: ZONE,
            registration_opens_at: at,
            // The day before, at noon: the host knows who comes.
            registration_closes_at: zonedInstant(day.minus({ days: 1 }), 12, 0),
            status: 'published',
            reminder_hours: 24,
            join_link_minutes: 30,
            created_at: at,
            updated_at: at,
          })
          .returning('id')) as { id: number }[];
        const eventId = Number(event?.id);
        const [session] = (await trx('sessions')
          .insert({
            event_id: eventId,
            kind: 'workshop',
            region_id: single.regionId,
            ...texts.session,
            description_lv: '',
            description_en: '',
            starts_at: zonedInstant(day, hour, 0),
            ends_at: zonedInstant(day, hour + 3, 0),
            place: single.place,
            address: single.address,
            audience: single.audience,
            join_url: single.place ? null : `https://videokonference.example.lv/j/${single.slug}`,
            pd_hours_tenths: HOURS_TENTHS,
            sort: 0,
          })
          .returning('id')) as { id: number }[];
        const [quota] = (await trx('quotas')
          .insert({
            event_id: eventId,
            name: `Vietas (${single.place ?? 'tiešsaistē'})`,
            name_en: `Places (${single.place ?? 'online'})`,
            size: places,
            used: 0,
          })
          .returning('id')) as { id: number }[];
        await trx('quota_sessions').insert({ quota_id: quota?.id, session_id: session?.id });
        await trx('certificate_settings').insert({
          event_id: eventId,
          ...DEMO_CERTIFICATES,
          // Numbers run within an event: its own prefix keeps two events' numbers apart.
          number_prefix: `SVB-${single.slug.replace(/^([a-z])[a-z]*-/, '$1-').toUpperCase()}`,
          min_hours_tenths: HOURS_TENTHS,
          updated_at: at,
        });
        return eventId;
      }),
    );
  }
  return ids;
}
