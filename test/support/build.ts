/**
 * Small builders for test data: the programme a test is about, and nothing else, so a
 * test does not depend on what the demo happens to hold (the demo has tests of its own:
 * test/unit/seed.test.ts, test/integration/start.test.ts). Use them on an app made
 * with `seed: false`.
 *
 * Rows are written as the back office would leave them; reference data (regions,
 * municipalities) comes with the migrations.
 */
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { writePrivacySettings } from '../../server/db/privacyNotice.js';
import { optionsToJson } from '../../server/db/questions.js';
import type { PrivacySettings } from '../../server/domain/privacyNotice.js';
import { DEMO_PRIVACY } from '../../seeds/privacy.js';
import { DEMO_ACCESSIBILITY } from '../../seeds/accessibility.js';
import { writeAccessibilityStatement } from '../../server/db/accessibilityStatement.js';
import type { AccessibilityStatement } from '../../server/domain/accessibilityStatement.js';

const ZONE = 'Europe/Riga';

/** A text in both of the app's languages. */
export interface Title {
  lv: string;
  en: string;
}

/** The programme's own title, for tests that read it in what is sent (subjects, notices). */
export const PROGRAMME_TITLE: Title = {
  lv: 'Skola. Vecāki. Bērni — reģionālās konferences',
  en: 'School. Parents. Children — regional conferences',
};

/** The programme's two workshops' titles, for tests that read them on pages and in what is sent. */
export const PROGRAMME_WORKSHOPS: Title[] = [
  {
    lv: 'Pieaugušo sadarbība un labbūtība starp skolas komandu un vecākiem',
    en: 'Adult cooperation and well-being between school teams and parents',
  },
  {
    lv: 'Atpazīsti signālus! Skolēna un visas klases stiprināšana priekšlaicīgas mācību pārtraukšanas riskā',
    en: 'Recognise the signals! Strengthening the learner and the whole class at risk of early leaving',
  },
];

export interface ConferenceOptions {
  slug?: string;
  /** The event's title (default: "Pārbaudes konference" / "Test conference"). */
  title?: Title;
  /** The event's description (default none). */
  description?: Title;
  /** Columns of a region's plenary that differ from the defaults (title, speakers, …). */
  plenary?: (regionId: string) => Record<string, unknown>;
  /** Titles of a region's workshops, in order (default: "Darbnīca n (region)" / "Workshop n (region)"). */
  workshopTitles?: Title[];
  /** Regions with a day each (default: Riga only). */
  regions?: string[];
  /** Workshops a region, in parallel after the plenary (default 2). */
  workshops?: number;
  /** Workshop places a region, shared by its workshops (default 100). */
  places?: number;
  /** The first day, in days from `now` (default 28). */
  inDays?: number;
  /** Confirmation of addresses for this event: `on`, `off` or null (the server's). */
  addressConfirmation?: 'on' | 'off' | null;
  waitlistMode?: 'auto' | 'offer';
  /** The days fall on weekdays only, as the programme's do (default: one day after another). */
  weekdays?: boolean;
  /** Professional-development hours in tenths, of the plenary and of a workshop (default 0). */
  hoursTenths?: { plenary: number; workshop: number };
  /** The event's certificate settings, a `certificate_settings` row without its keys (default none). */
  certificates?: Record<string, unknown>;
}

export interface BuiltConference {
  eventId: number;
  slug: string;
  plenary: Record<string, number>;
  workshops: Record<string, number[]>;
  quota: Record<string, number>;
}

/** `count` days from `first` on, one after another or skipping weekends. */
function daysFrom(first: DateTime, count: number, weekdays = false): DateTime[] {
  const days: DateTime[] = [];
  for (let day = first; days.length < count; day = day.plus({ days: 1 })) {
    if (!weekdays || day.weekday <= 5) days.push(day);
  }
  return days;
}

const at = (day: DateTime, hour: number, minute = 0): string =>
  day.set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO() ?? '';

/**
 * A published conference: a day a region (one after another, or on weekdays), each with an open plenary
 * (10:00–11:30, Riga time) and `workshops` workshops (12:00–14:00) sharing a region's
 * `places`.
 */
export async function conference(db: Knex, now: Date, opts: ConferenceOptions = {}): Promise<BuiltConference> {
  const regions = opts.regions ?? ['riga'];
  const first = DateTime.fromJSDate(now, { zone: ZONE })
    .plus({ days: opts.inDays ?? 28 })
    .startOf('day');
  const days = daysFrom(first, regions.length, opts.weekdays);
  const stamp = now.toISOString();
  const slug = opts.slug ?? 'konference';
  return db.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug,
        kind: 'conference',
        title_lv: opts.title?.lv ?? 'Pārbaudes konference',
        title_en: opts.title?.en ?? 'Test conference',
        description_lv: opts.description?.lv ?? '',
        description_en: opts.description?.en ?? '',
        timezone: ZONE,
        registration_opens_at: stamp,
        registration_closes_at: at(days[days.length - 1] ?? first, 9),
        status: 'published',
        reminder_hours: 24,
        address_confirmation: opts.addressConfirmation ?? null,
        waitlist_mode: opts.waitlistMode ?? 'auto',
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')) as { id: number }[];
    const eventId = Number(event?.id);
    const built: BuiltConference = { eventId, slug, plenary: {}, workshops: {}, quota: {} };
    for (const [i, regionId] of regions.entries()) {
      const day = days[i] ?? first;
      const [plenary] = (await trx('sessions')
        .insert({
          event_id: eventId,
          region_id: regionId,
          kind: 'plenary',
          title_lv: `Plenārsesija (${regionId})`,
          title_en: `Plenary (${regionId})`,
          starts_at: at(day, 10),
          ends_at: at(day, 11, 30),
          stream_url: `https://www.youtube-nocookie.com/embed/live_stream?channel=${regionId}`,
          embed_origins: 'https://www.youtube-nocookie.com',
          pd_hours_tenths: opts.hoursTenths?.plenary ?? 0,
          sort: 1,
          ...opts.plenary?.(regionId),
        })
        .returning('id')) as { id: number }[];
      built.plenary[regionId] = Number(plenary?.id);
      const workshops: number[] = [];
      for (let w = 1; w <= (opts.workshops ?? 2); w++) {
        const [row] = (await trx('sessions')
          .insert({
            event_id: eventId,
            region_id: regionId,
            kind: 'workshop',
            title_lv: opts.workshopTitles?.[w - 1]?.lv ?? `Darbnīca ${w} (${regionId})`,
            title_en: opts.workshopTitles?.[w - 1]?.en ?? `Workshop ${w} (${regionId})`,
            starts_at: at(day, 12),
            ends_at: at(day, 14),
            join_url: `https://videokonference.example.lv/j/${regionId}-${w}`,
            pd_hours_tenths: opts.hoursTenths?.workshop ?? 0,
            sort: w + 1,
          })
          .returning('id')) as { id: number }[];
        workshops.push(Number(row?.id));
      }
      built.workshops[regionId] = workshops;
      const [quota] = (await trx('quotas')
        .insert({
          event_id: eventId,
          name: `${regionId}: darbnīcu vietas`,
          name_en: `${regionId}: workshop places`,
          size: opts.places ?? 100,
          used: 0,
        })
        .returning('id')) as { id: number }[];
      built.quota[regionId] = Number(quota?.id);
      if (workshops.length > 0) {
        await trx('quota_sessions').insert(workshops.map((id) => ({ quota_id: quota?.id, session_id: id })));
      }
    }
    if (opts.certificates) {
      await trx('certificate_settings').insert({ event_id: eventId, ...opts.certificates, updated_at: stamp });
    }
    return built;
  });
}

/** The privacy notice's settings, as an admin leaves them (default: the demo's, seeds/privacy.ts). */
export async function privacyNotice(db: Knex, now: Date, settings: PrivacySettings = DEMO_PRIVACY): Promise<void> {
  await writePrivacySettings(db, settings, 'builder', now);
}

/** The accessibility statement, as an admin leaves it (default: the demo's, seeds/accessibility.ts). */
export async function accessibilityStatement(
  db: Knex,
  now: Date,
  statement: AccessibilityStatement = DEMO_ACCESSIBILITY,
): Promise<void> {
  await writeAccessibilityStatement(db, statement, 'builder', now);
}

export interface SeminarSpec {
  regionId: string;
  audience?: 'municipality_staff' | 'school_staff';
  /** The hosting council or school; null (the default) for an online seminar with a join link. */
  place?: string | null;
  address?: string | null;
  /** Its own quota's size (default 30). */
  places?: number;
  /** The seminar's title (default: "Seminārs n (region)" / "Seminar n (region)"). */
  title?: Title;
  /** The seminar's description (default none). */
  description?: Title;
}

export interface SeminarSeriesOptions {
  slug?: string;
  title?: Title;
  /** The series' description (default none). */
  description?: Title;
  /** The seminars, one a day from the first day on (default: one online seminar in Riga). */
  seminars?: SeminarSpec[];
  /** The first day, in days from `now` (default 28). */
  inDays?: number;
}

export interface BuiltSeminarSeries {
  eventId: number;
  slug: string;
  /** Session ids, in the order of `seminars`. */
  sessions: number[];
  /** Each seminar's quota id, in the same order. */
  quotas: number[];
}

/**
 * A published seminar series (modelled on seeds/seminars.ts): each seminar a session of
 * its own (10:00–12:00, Riga time, one day after another) with a quota of its own.
 */
export async function seminarSeries(db: Knex, now: Date, opts: SeminarSeriesOptions = {}): Promise<BuiltSeminarSeries> {
  const seminars = opts.seminars ?? [{ regionId: 'riga' }];
  const first = DateTime.fromJSDate(now, { zone: ZONE })
    .plus({ days: opts.inDays ?? 28 })
    .startOf('day');
  const stamp = now.toISOString();
  const slug = opts.slug ?? 'seminari';
  return db.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug,
        kind: 'seminar_series',
        title_lv: opts.title?.lv ?? 'Pārbaudes semināri',
        title_en: opts.title?.en ?? 'Test seminars',
        description_lv: opts.description?.lv ?? '',
        description_en: opts.description?.en ?? '',
        timezone: ZONE,
        registration_opens_at: stamp,
        registration_closes_at: at(first.plus({ days: Math.max(seminars.length - 1, 0) }), 9),
        status: 'published',
        reminder_hours: 24,
        join_link_minutes: 30,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')) as { id: number }[];
    const eventId = Number(event?.id);
    const built: BuiltSeminarSeries = { eventId, slug, sessions: [], quotas: [] };
    const regionNames = new Map(
      ((await trx('regions').select('id', 'name_lv')) as { id: string; name_lv: string }[]).map((r) => [
        r.id,
        r.name_lv,
      ]),
    );
    for (const [i, seminar] of seminars.entries()) {
      const day = first.plus({ days: i });
      const place = seminar.place ?? null;
      const [session] = (await trx('sessions')
        .insert({
          event_id: eventId,
          kind: 'seminar',
          region_id: seminar.regionId,
          title_lv: seminar.title?.lv ?? `Seminārs ${i + 1} (${seminar.regionId})`,
          title_en: seminar.title?.en ?? `Seminar ${i + 1} (${seminar.regionId})`,
          description_lv: seminar.description?.lv ?? '',
          description_en: seminar.description?.en ?? '',
          starts_at: at(day, 10),
          ends_at: at(day, 12),
          place,
          address: seminar.address ?? null,
          audience: seminar.audience ?? 'municipality_staff',
          join_url: place ? null : `https://videokonference.example.lv/j/seminars-${seminar.regionId}-${i + 1}`,
          sort: i,
        })
        .returning('id')) as { id: number }[];
      const [quota] = (await trx('quotas')
        .insert({
          event_id: eventId,
          name: `${place ?? `Tiešsaistē (${regionNames.get(seminar.regionId) ?? seminar.regionId})`}: semināra vietas`,
          name_en: `${place ?? `Online (${seminar.regionId})`}: seminar places`,
          size: seminar.places ?? 30,
          used: 0,
        })
        .returning('id')) as { id: number }[];
      await trx('quota_sessions').insert({ quota_id: quota?.id, session_id: session?.id });
      built.sessions.push(Number(session?.id));
      built.quotas.push(Number(quota?.id));
    }
    return built;
  });
}

export interface CourseOptions {
  slug?: string;
  /** Sessions taken together, one a week from the first day on (default 3). */
  sessions?: number;
  /** The one pool's places (default 25). */
  places?: number;
  /** The first day, in days from `now` (default 28). */
  inDays?: number;
}

export interface BuiltCourse {
  eventId: number;
  slug: string;
  sessions: number[];
  quota: number;
}

/**
 * A published course (modelled on seeds/course.ts): sessions taken together (10:00–14:00,
 * Riga time, a week apart) in one pool, asking the grades taught (required, o1–o4) and the
 * adjustments needed (optional).
 */
export async function course(db: Knex, now: Date, opts: CourseOptions = {}): Promise<BuiltCourse> {
  const first = DateTime.fromJSDate(now, { zone: ZONE })
    .plus({ days: opts.inDays ?? 28 })
    .startOf('day');
  const stamp = now.toISOString();
  const slug = opts.slug ?? 'kurss';
  return db.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug,
        kind: 'course',
        title_lv: 'Pārbaudes kurss',
        title_en: 'Test course',
        timezone: ZONE,
        registration_opens_at: stamp,
        registration_closes_at: at(first, 9),
        status: 'published',
        reminder_hours: 24,
        join_link_minutes: 30,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')) as { id: number }[];
    const eventId = Number(event?.id);
    const sessions: number[] = [];
    for (let i = 0; i < (opts.sessions ?? 3); i++) {
      const day = first.plus({ weeks: i });
      const [row] = (await trx('sessions')
        .insert({
          event_id: eventId,
          kind: 'seminar',
          region_id: null,
          title_lv: `Nodarbība ${i + 1}`,
          title_en: `Session ${i + 1}`,
          starts_at: at(day, 10),
          ends_at: at(day, 14),
          join_url: `https://videokonference.example.lv/j/kurss-${i + 1}`,
          sort: i,
        })
        .returning('id')) as { id: number }[];
      sessions.push(Number(row?.id));
    }
    const [quota] = (await trx('quotas')
      .insert({ event_id: eventId, name: 'Kursa vietas', name_en: 'Course places', size: opts.places ?? 25, used: 0 })
      .returning('id')) as { id: number }[];
    await trx('quota_sessions').insert(sessions.map((id) => ({ quota_id: quota?.id, session_id: id })));
    await trx('event_questions').insert([
      {
        event_id: eventId,
        sort: 1,
        type: 'multiple_choice',
        required: true,
        label_lv: 'Ar kurām klasēm strādājat?',
        label_en: 'Which grades do you work with?',
        options: optionsToJson(
          ['1.–3.', '4.–6.', '7.–9.', '10.–12.'].map((grades, i) => ({
            key: `o${i + 1}`,
            label: { lv: `${grades} klase`, en: `Grades ${grades}` },
            retired: false,
          })),
        ),
        option_seq: 4,
        status: 'active',
        created_at: stamp,
        updated_at: stamp,
      },
      {
        event_id: eventId,
        sort: 2,
        type: 'long_text',
        required: false,
        label_lv: 'Vai jums vajag kādus pielāgojumus, lai varētu piedalīties?',
        label_en: 'Do you need any adjustments to take part?',
        options: '[]',
        option_seq: 0,
        status: 'active',
        created_at: stamp,
        updated_at: stamp,
      },
    ]);
    return { eventId, slug, sessions, quota: Number(quota?.id) };
  });
}

export interface SingleOptions {
  slug?: string;
  /** null: online, open to every region (default riga). */
  regionId?: string | null;
  audience?: 'school_staff' | 'municipality_staff';
  /** The hosting school or council; null (the default) online, with a join link. */
  place?: string | null;
  address?: string | null;
  /** The pool's places (default 10). */
  places?: number;
  /** The day, in days from `now` (default 28). */
  inDays?: number;
}

export interface BuiltSingle {
  eventId: number;
  slug: string;
  session: number;
  quota: number;
}

/**
 * A published single-session event (modelled on seeds/singles.ts): one three-hour session
 * (13:00–16:00, Riga time) and one pool.
 */
export async function single(db: Knex, now: Date, opts: SingleOptions = {}): Promise<BuiltSingle> {
  const day = DateTime.fromJSDate(now, { zone: ZONE })
    .plus({ days: opts.inDays ?? 28 })
    .startOf('day');
  const stamp = now.toISOString();
  const slug = opts.slug ?? 'supervizija';
  const place = opts.place ?? null;
  return db.transaction(async (trx) => {
    const [event] = (await trx('events')
      .insert({
        slug,
        kind: 'single',
        title_lv: `Pārbaudes pasākums (${place ?? 'tiešsaistē'})`,
        title_en: `Test event (${place ?? 'online'})`,
        timezone: ZONE,
        registration_opens_at: stamp,
        registration_closes_at: at(day.minus({ days: 1 }), 12),
        status: 'published',
        reminder_hours: 24,
        join_link_minutes: 30,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')) as { id: number }[];
    const eventId = Number(event?.id);
    const [session] = (await trx('sessions')
      .insert({
        event_id: eventId,
        kind: 'workshop',
        region_id: opts.regionId === undefined ? 'riga' : opts.regionId,
        title_lv: 'Supervīzija',
        title_en: 'Supervision',
        starts_at: at(day, 13),
        ends_at: at(day, 16),
        place,
        address: opts.address ?? null,
        audience: opts.audience ?? 'school_staff',
        join_url: place ? null : `https://videokonference.example.lv/j/${slug}`,
        sort: 0,
      })
      .returning('id')) as { id: number }[];
    const [quota] = (await trx('quotas')
      .insert({
        event_id: eventId,
        name: `${place ?? 'Tiešsaistē'}: vietas`,
        name_en: `${place ?? 'Online'}: places`,
        size: opts.places ?? 10,
        used: 0,
      })
      .returning('id')) as { id: number }[];
    await trx('quota_sessions').insert({ quota_id: quota?.id, session_id: session?.id });
    return { eventId, slug, session: Number(session?.id), quota: Number(quota?.id) };
  });
}
