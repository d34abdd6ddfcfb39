import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { ZONE, zonedInstant } from '../server/domain/time.js';
import { seedPrivacy } from './privacy.js';
import { seedAccessibility } from './accessibility.js';
import { seedCourse } from './course.js';
import { DEMO_CERTIFICATES } from './certificates.js';
import { seedSeminars } from './seminars.js';
import { seedSingles } from './singles.js';

/**
 * The reference programme "Skola. Vecāki. Bērni": five online regional conference days
 * on five consecutive weekdays from four weeks after seeding, each an open plenary and
 * two parallel workshops; the first 100 registrants of each region get a workshop place.
 * The introductory seminars (seeds/seminars.ts) follow in the weeks after, then a course
 * (seeds/course.ts), then supervisions at schools and workshops at municipalities, each an
 * event of one session (seeds/singles.ts).
 */
export const DEMO_SLUG = 'skola-vecaki-berni';

const REGION_DAYS = ['riga', 'vidzeme', 'kurzeme', 'zemgale', 'latgale'] as const;
const REGION_NAMES: Record<string, { lv: string; en: string }> = {
  riga: { lv: 'Rīgas reģions', en: 'Riga region' },
  vidzeme: { lv: 'Vidzeme', en: 'Vidzeme' },
  kurzeme: { lv: 'Kurzeme', en: 'Kurzeme' },
  zemgale: { lv: 'Zemgale', en: 'Zemgale' },
  latgale: { lv: 'Latgale', en: 'Latgale' },
};

export const WORKSHOP_PLACES_PER_REGION = 100;

/** Professional-development hours, in tenths: the plenary 1.5 hours, a workshop 2. */
const PLENARY_HOURS_TENTHS = 15;
const WORKSHOP_HOURS_TENTHS = 20;

/** Five weekdays in a row, the first on or after `from`. */
export function conferenceDays(from: DateTime): DateTime[] {
  const days: DateTime[] = [];
  let day = from.setZone(ZONE).startOf('day');
  while (days.length < 5) {
    if (day.weekday <= 5) days.push(day);
    day = day.plus({ days: 1 });
  }
  return days;
}

export async function seedDemo(knex: Knex, now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const days = conferenceDays(DateTime.fromJSDate(now).plus({ weeks: 4 }));
  const lastDay = days[days.length - 1] ?? days[0];
  if (!lastDay) throw new Error('no conference days');

  const conferenceId = await knex.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug: DEMO_SLUG,
        kind: 'conference',
        title_lv: 'Skola. Vecāki. Bērni — reģionālās konferences',
        title_en: 'School. Parents. Children — regional conferences',
        description_lv:
          'Tiešsaistes konferences pedagogiem, atbalsta personālam, pašvaldību speciālistiem un vecākiem par sadarbību priekšlaicīgas mācību pārtraukšanas mazināšanai. Plenārdaļa ir atklāta visiem; darbnīcu vietas — pirmajiem 100 reģistrētajiem katrā reģionā.',
        description_en:
          'Online conferences for educators, support staff, municipality specialists and parents on working together against early school leaving. The plenary is open to everyone; workshop places go to the first 100 registrants of each region.',
        timezone: ZONE,
        registration_opens_at: at,
        registration_closes_at: zonedInstant(lastDay, 9, 0),
        status: 'published',
        reminder_hours: 24,
        // The funder's participant data (ESF+ common indicators) is asked on this event.
        participant_data: true,
        created_at: at,
        updated_at: at,
      })
      .returning('id')) as { id: number }[];
    const eventId = Number(event?.id);

    for (const [i, regionId] of REGION_DAYS.entries()) {
      const day = days[i];
      if (!day) continue;
      const name = REGION_NAMES[regionId] ?? { lv: regionId, en: regionId };
      const rows = [
        {
          kind: 'plenary',
          title_lv: `Plenārsesija: ${name.lv}`,
          title_en: `Plenary: ${name.en}`,
          description_lv:
            'Uzrunas un ievadvārdi; priekšlasījums “Vecāki kā skolas sabiedrotie” — Latvijas Vecāku apvienība.',
          description_en: 'Welcome words; talk “Parents as the school’s allies” by the Latvian Parents’ Association.',
          starts_at: zonedInstant(day, 10, 0),
          ends_at: zonedInstant(day, 11, 30),
          stream_url: `https://www.youtube-nocookie.com/embed/live_stream?channel=skola-${regionId}`,
          embed_origins: 'https://www.youtube-nocookie.com',
          speakers_lv: 'Programmas vadītāja; Latvijas Vecāku apvienības pārstāvis',
          speakers_en: 'The programme director; a representative of the Latvian Parents’ Association',
          pd_hours_tenths: PLENARY_HOURS_TENTHS,
          sort: 1,
        },
        {
          kind: 'workshop',
          title_lv: 'Pieaugušo sadarbība un labbūtība starp skolas komandu un vecākiem',
          title_en: 'Adult cooperation and well-being between school teams and parents',
          description_lv: 'Praktiska darbnīca par uzticēšanos, saziņu un kopīgu atbildību.',
          description_en: 'A practical workshop on trust, communication and shared responsibility.',
          starts_at: zonedInstant(day, 12, 0),
          ends_at: zonedInstant(day, 14, 0),
          join_url: `https://videokonference.example.lv/j/${regionId}-sadarbiba`,
          pd_hours_tenths: WORKSHOP_HOURS_TENTHS,
          sort: 2,
        },
        {
          kind: 'workshop',
          title_lv:
            'Atpazīsti signālus! Skolēna un visas klases stiprināšana priekšlaicīgas mācību pārtraukšanas riskā',
          title_en: 'Recognise the signals! Strengthening the learner and the whole class at risk of early leaving',
          description_lv: 'Kā laikus pamanīt riska pazīmes un kopā ar klasi rast atbalstu.',
          description_en: 'How to notice the warning signs early and build support together with the class.',
          starts_at: zonedInstant(day, 12, 0),
          ends_at: zonedInstant(day, 14, 0),
          join_url: `https://videokonference.example.lv/j/${regionId}-signali`,
          pd_hours_tenths: WORKSHOP_HOURS_TENTHS,
          sort: 3,
        },
      ];
      // One insert a row: the ids must follow the rows' order.
      const ids: number[] = [];
      for (const row of rows) {
        const [inserted] = (await trx('sessions')
          .insert({ event_id: eventId, region_id: regionId, ...row })
          .returning('id')) as { id: number }[];
        ids.push(Number(inserted?.id));
      }
      const workshops = ids.slice(1);

      const [quota] = (await trx('quotas')
        .insert({
          event_id: eventId,
          name: `Darbnīcu vietas (${name.lv})`,
          name_en: `Workshop places (${name.en})`,
          size: WORKSHOP_PLACES_PER_REGION,
          used: 0,
        })
        .returning('id')) as { id: number }[];
      await trx('quota_sessions').insert(workshops.map((id) => ({ quota_id: quota?.id, session_id: id })));
    }
    await trx('certificate_settings').insert({ event_id: eventId, ...DEMO_CERTIFICATES, updated_at: at });
    return eventId;
  });
  await seedSeminars(knex, now, lastDay);
  await seedPrivacy(knex, now);
  await seedAccessibility(knex, now);
  // After the seminars' four weeks: the course's three Tuesdays.
  await seedCourse(knex, now, lastDay.plus({ weeks: 6 }));
  // After the course's three weeks: supervisions at schools and municipal workshops.
  await seedSingles(knex, now, lastDay.plus({ weeks: 11 }));
  return conferenceId;
}
