import type { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { optionsToJson } from '../server/db/questions.js';
import { ZONE, zonedInstant } from '../server/domain/time.js';

/**
 * The demo course for teachers: three sessions taken together (four hours each, twelve in
 * all), one pool of 25 places — a registration holds a place in every session or waits for
 * all of them (LOCKING.md, "A course"). It asks two questions of its own: the
 * grades a teacher works with (required) and what they need to take part (optional).
 */
export const COURSE_SLUG = 'kurss-konsultesana';
export const COURSE_PLACES = 25;

/** The grades question's option keys, as answers name them. */
export const GRADE_OPTIONS = [
  { key: 'o1', label: { lv: '1.–3. klase', en: 'Grades 1–3' }, retired: false },
  { key: 'o2', label: { lv: '4.–6. klase', en: 'Grades 4–6' }, retired: false },
  { key: 'o3', label: { lv: '7.–9. klase', en: 'Grades 7–9' }, retired: false },
  { key: 'o4', label: { lv: '10.–12. klase', en: 'Grades 10–12' }, retired: false },
];

const QUESTIONS = [
  {
    sort: 1,
    type: 'multiple_choice',
    required: true,
    label_lv: 'Ar kurām klasēm strādājat?',
    label_en: 'Which grades do you work with?',
    help_lv: 'Atzīmējiet visas, kas attiecas uz jums: piemērus nodarbībās izvēlēsimies jūsu klasēm.',
    help_en: 'Tick all that apply: we choose the examples in the sessions for your grades.',
    options: optionsToJson(GRADE_OPTIONS),
    option_seq: GRADE_OPTIONS.length,
  },
  {
    sort: 2,
    type: 'long_text',
    required: false,
    label_lv: 'Vai jums vajag kādus pielāgojumus, lai varētu piedalīties?',
    label_en: 'Do you need any adjustments to take part?',
    help_lv:
      'Piemēram, subtitrus, zīmju valodas tulku vai biežākus pārtraukumus. Atbildi redz tikai kursa organizatori, un to izmanto tikai, lai sagatavotu nodarbības.',
    help_en:
      'For example captions, a sign language interpreter or more breaks. Only the course organizers see the answer, and it is used only to prepare the sessions.',
    options: '[]',
    option_seq: 0,
  },
] as const;

const SESSIONS = [
  {
    title_lv: 'Individuālā konsultēšana: saruna ar skolēnu riskā',
    title_en: 'Individual counselling: talking with a learner at risk',
  },
  {
    title_lv: 'Grupu konsultēšana: darbs ar klasi',
    title_en: 'Group counselling: working with a class',
  },
  {
    title_lv: 'Atbalstoša mācību vide un skolotāja kompetences',
    title_en: 'A supportive learning environment and teachers’ competences',
  },
] as const;

/** Seeds the course: its three sessions on the Tuesdays of three weeks from `from` on. */
export async function seedCourse(knex: Knex, now: Date, from: DateTime): Promise<number> {
  const at = now.toISOString();
  const first = from.setZone(ZONE).startOf('week').plus({ weeks: 1, days: 1 });
  const days = SESSIONS.map((_, i) => first.plus({ weeks: i }));
  return knex.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug: COURSE_SLUG,
        kind: 'course',
        title_lv: 'Kurss skolotājiem: individuālā un grupu konsultēšana',
        title_en: 'Course for teachers: individual and group counselling',
        description_lv:
          'Trīs nodarbības, kas veido vienu kursu (kopā 12 stundas): pieteikums nozīmē vietu visās trijās. Ja vietu nav, jūs gaidāt rindā uz visu kursu.',
        description_en:
          'Three sessions that make one course (12 hours in all): registering means a place in all three. When it is full, you wait in line for the whole course.',
        timezone: ZONE,
        registration_opens_at: at,
        registration_closes_at: zonedInstant(days[0] ?? first, 9, 0),
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
    const sessionIds: number[] = [];
    for (const [i, texts] of SESSIONS.entries()) {
      const day = days[i] ?? first;
      const [inserted] = (await trx('sessions')
        .insert({
          event_id: eventId,
          kind: 'seminar',
          region_id: null,
          ...texts,
          description_lv: '',
          description_en: '',
          starts_at: zonedInstant(day, 10, 0),
          ends_at: zonedInstant(day, 14, 0),
          join_url: `https://videokonference.example.lv/j/kurss-${i + 1}`,
          speakers_lv: 'Programmas metodiķe',
          speakers_en: 'The programme’s methodologist',
          sort: i,
        })
        .returning('id')) as { id: number }[];
      sessionIds.push(Number(inserted?.id));
    }
    const [quota] = (await trx('quotas')
      .insert({ event_id: eventId, name: 'Kursa vietas', name_en: 'Course places', size: COURSE_PLACES, used: 0 })
      .returning('id')) as { id: number }[];
    await trx('quota_sessions').insert(sessionIds.map((id) => ({ quota_id: quota?.id, session_id: id })));
    await trx('event_questions').insert(
      QUESTIONS.map((q) => ({ ...q, event_id: eventId, status: 'active', created_at: at, updated_at: at })),
    );
    return eventId;
  });
}
