import { DateTime } from 'luxon';
import { audit } from '../../db/audit.js';
import { isUniqueViolation } from '../../db/knex.js';
import { loadProgramme } from '../../db/programme.js';
import { publishProblems } from '../../domain/quotas.js';
import { AppError, invalid } from '../../domain/errors.js';
import { dayWarning, type DayWarning } from '../../domain/holidays.js';
import type { Organizer } from '../../domain/organizers.js';
import { ZONE, type Lang } from '../../domain/time.js';
import type { ServiceContext } from '../../context.js';
import { copyEvent, sessionsToCopy, shiftByDays, templateSize } from './eventClone.js';
import { setEventStatus } from './programmeAdmin.js';

/**
 * The programme's next year in one step: the events chosen copied together, every date moved
 * by whole weeks (so each session keeps its weekday and its wall-clock time in Riga), new
 * titles from one pattern, pools back at their size as made. The organizer reviews every
 * new date first (a weekend day or a Latvian public holiday is marked), the copies are made
 * as drafts in one batch, and the batch is published together.
 */
export interface ProgrammeCloneInput {
  slugs: string[];
  weeks: number;
  /** `{title}`: the event's title; `{year}`: the year of the copy's first session. */
  titlePattern: string;
  /** Years written in the titles (2026, „2026./2027.”) move by as many years as the copy. */
  replaceYear: boolean;
}

type Row = Record<string, unknown>;
type Titles = Record<Lang, string>;

export interface CloneCandidate {
  slug: string;
  title: Titles;
  status: string;
  /** The year of its first session in Riga (of its registration's end, without sessions). */
  year: number;
  firstStart: string | null;
}

const yearOf = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).year;

const firstStartOf = (sessions: Row[]): string | null => sessions.map((s) => String(s.starts_at)).sort()[0] ?? null;

/** The events that can be copied (not cancelled), the earliest first, with the year each belongs to. */
export async function cloneCandidates(ctx: ServiceContext): Promise<CloneCandidate[]> {
  const db = ctx.db.knex;
  const events = (await db('events').whereNot('status', 'cancelled').orderBy('id')) as Row[];
  const starts = (await db('sessions')
    .whereNot('status', 'cancelled')
    .groupBy('event_id')
    .select('event_id')
    .min({ first: 'starts_at' })) as { event_id: number; first: string | null }[];
  const firstOf = new Map(starts.map((s) => [Number(s.event_id), s.first]));
  return events
    .map((e) => {
      const firstStart = firstOf.get(Number(e.id)) ?? null;
      return {
        slug: String(e.slug),
        title: { lv: String(e.title_lv), en: String(e.title_en) },
        status: String(e.status),
        year: yearOf(firstStart ?? String(e.registration_closes_at), String(e.timezone)),
        firstStart,
      };
    })
    .sort((a, b) => (a.firstStart ?? '9').localeCompare(b.firstStart ?? '9'));
}

/**
 * The year whose events the form chooses by default: the programme running now or next (in
 * December, the coming spring's events belong to this school year's programme), else the
 * latest year that has events, else the year it is now in Riga.
 */
export function programmeYear(ctx: ServiceContext, candidates: readonly CloneCandidate[]): number {
  const now = ctx.clock().toISOString();
  const next = candidates.find((c) => c.firstStart !== null && new Date(c.firstStart).toISOString() >= now);
  if (next) return next.year;
  const years = candidates.map((c) => c.year).filter((y) => Number.isFinite(y));
  return years.length > 0 ? Math.max(...years) : DateTime.fromJSDate(ctx.clock(), { zone: ZONE }).year;
}

const YEAR = /(?<!\d)(19|20)\d{2}(?!\d)/g;

/** Years written in a text moved by `years` („2026./2027. mācību gads” → „2027./2028. …”). */
export const moveYears = (text: string, years: number): string =>
  years === 0 ? text : text.replace(YEAR, (y) => String(Number(y) + years));

/** A copy's title: the pattern with `{title}` (years moved, if asked) and `{year}` filled; none stays none. */
export function clonedTitle(
  title: string,
  input: Pick<ProgrammeCloneInput, 'titlePattern' | 'replaceYear'>,
  years: number,
  year: number,
): string {
  if (title.trim() === '') return title;
  const base = input.replaceYear ? moveYears(title, years) : title;
  return input.titlePattern.replaceAll('{title}', base).replaceAll('{year}', String(year)).trim();
}

/** A copy's address: years in it moved, or the new year added; `-2`, `-3` … while taken. */
function clonedSlug(slug: string, years: number, year: number, taken: Set<string>): string {
  const moved = moveYears(slug, years);
  const base = (moved !== slug ? moved : `${slug}-${year}`).slice(0, 94).replace(/-+$/, '');
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  taken.add(candidate);
  return candidate;
}

export interface ClonedSession {
  title: Titles;
  kind: string;
  regionId: string | null;
  place: string | null;
  was: { startsAt: string; endsAt: string };
  startsAt: string;
  endsAt: string;
  /** A weekend day or public holiday the copy lands on (in Riga), or null. */
  warning: DayWarning | null;
}

export interface ClonedQuota {
  name: string;
  nameEn: string | null;
  /** The size the copy gets: the pool's size as made. */
  template: number;
  /** The pool's size today, shown beside it. */
  today: number;
}

export interface ClonedEvent {
  sourceId: number;
  source: { slug: string; title: Titles; status: string };
  /** The event's timezone (its wall-clock times are kept there). */
  zone: string;
  slug: string;
  title: Titles;
  registration: { opensAt: string; closesAt: string };
  /** The copy's first session (its registration's end, without sessions). */
  firstStart: string;
  sessions: ClonedSession[];
  quotas: ClonedQuota[];
  warnings: number;
}

export interface ProgrammeClonePlan {
  input: ProgrammeCloneInput;
  days: number;
  events: ClonedEvent[];
  warnings: number;
}

const MAX_TITLE = 300;

/**
 * What a clone of the programme would make, without making it: each chosen event's new
 * address, titles, session dates with their warnings and pool sizes. Refuses (with the
 * field) an unknown or cancelled event, a pattern without `{title}`, a title too long.
 */
export async function planProgrammeClone(
  ctx: ServiceContext,
  organizer: Organizer,
  input: ProgrammeCloneInput,
): Promise<ProgrammeClonePlan> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  if (!input.titlePattern.includes('{title}')) throw invalid({ titlePattern: 'title_placeholder' });
  const db = ctx.db.knex;
  const slugs = [...new Set(input.slugs)];
  const sources = (await db('events').whereIn('slug', slugs).whereNot('status', 'cancelled').orderBy('id')) as Row[];
  if (slugs.length === 0) throw invalid({ events: 'choose_events' });
  if (sources.length !== slugs.length) throw invalid({ events: 'unknown_event' });
  const days = input.weeks * 7;
  const taken = new Set(((await db('events').select('slug')) as { slug: string }[]).map((e) => e.slug));
  const events: ClonedEvent[] = [];
  for (const source of sources) {
    const zone = String(source.timezone);
    const sessions = (await sessionsToCopy(db, Number(source.id))).sort((a, b) =>
      String(a.starts_at).localeCompare(String(b.starts_at)),
    );
    const first = firstStartOf(sessions) ?? String(source.registration_closes_at);
    const fromYear = yearOf(first, zone);
    const toYear = yearOf(shiftByDays(first, zone, days), zone);
    const title = {
      lv: clonedTitle(String(source.title_lv), input, toYear - fromYear, toYear),
      en: clonedTitle(String(source.title_en), input, toYear - fromYear, toYear),
    };
    if (title.lv.length > MAX_TITLE || title.en.length > MAX_TITLE) {
      throw invalid({ titlePattern: `too_long:${MAX_TITLE}` });
    }
    const cloned = sessions.map((s): ClonedSession => {
      const startsAt = shiftByDays(s.starts_at, zone, days);
      return {
        title: { lv: String(s.title_lv), en: String(s.title_en) },
        kind: String(s.kind),
        regionId: s.region_id === null ? null : String(s.region_id),
        place: s.place === null || s.place === undefined ? null : String(s.place),
        was: { startsAt: String(s.starts_at), endsAt: String(s.ends_at) },
        startsAt,
        endsAt: shiftByDays(s.ends_at, zone, days),
        warning: dayWarning(startsAt, zone),
      };
    });
    const quotas = (await db('quotas').where('event_id', Number(source.id)).orderBy('id')) as Row[];
    events.push({
      sourceId: Number(source.id),
      source: {
        slug: String(source.slug),
        title: { lv: String(source.title_lv), en: String(source.title_en) },
        status: String(source.status),
      },
      zone,
      slug: clonedSlug(String(source.slug), toYear - fromYear, toYear, taken),
      title,
      registration: {
        opensAt: shiftByDays(source.registration_opens_at, zone, days),
        closesAt: shiftByDays(source.registration_closes_at, zone, days),
      },
      sessions: cloned,
      quotas: quotas.map((q) => ({
        name: String(q.name),
        nameEn: q.name_en ? String(q.name_en) : null,
        template: templateSize(q),
        today: Number(q.size),
      })),
      firstStart: shiftByDays(first, zone, days),
      warnings: cloned.filter((s) => s.warning).length,
    });
  }
  events.sort((a, b) => a.firstStart.localeCompare(b.firstStart));
  return { input, days, events, warnings: events.reduce((n, e) => n + e.warnings, 0) };
}

/**
 * Makes the clone the organizer reviewed: every copy a draft, in one batch, in one
 * transaction (all of it or nothing). Returns the batch's id and what was made.
 */
export async function createProgrammeClone(
  ctx: ServiceContext,
  organizer: Organizer,
  input: ProgrammeCloneInput,
): Promise<{ id: number; plan: ProgrammeClonePlan }> {
  const plan = await planProgrammeClone(ctx, organizer, input);
  const now = ctx.clock().toISOString();
  try {
    const id = await ctx.db.knex.transaction(async (trx) => {
      const [batch] = (await trx('programme_clone_batches')
        .insert({ weeks: input.weeks, title_pattern: input.titlePattern, created_by: organizer.email, created_at: now })
        .returning('id')) as { id: number }[];
      const batchId = Number(batch?.id);
      for (const e of plan.events) {
        const source = (await trx('events').where('id', e.sourceId).first()) as Row;
        const eventId = await copyEvent(
          trx,
          source,
          { slug: e.slug, days: plan.days, title: e.title, poolSizes: 'template' },
          now,
        );
        await trx('programme_clone_events').insert({
          batch_id: batchId,
          event_id: eventId,
          source_event_id: e.sourceId,
        });
      }
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'programme.clone',
          targetType: 'clone_batch',
          targetId: batchId,
          before: { events: plan.events.map((e) => e.source.slug) },
          after: { events: plan.events.map((e) => e.slug), weeks: input.weeks, titlePattern: input.titlePattern },
        },
        ctx.clock(),
      );
      return batchId;
    });
    return { id, plan };
  } catch (err) {
    // Another organizer took an address between the review and now: review again.
    if (isUniqueViolation(err)) throw invalid({ events: 'slug_taken' });
    throw err;
  }
}

export interface CloneBatch {
  id: number;
  weeks: number;
  titlePattern: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  events: {
    slug: string;
    title: Titles;
    status: string;
    source: { slug: string; title: Titles } | null;
    sessions: number;
    firstStart: string | null;
    warnings: number;
  }[];
}

/** The batches made, the newest first: when, by whom, how many events, whether published. */
export async function cloneBatches(
  ctx: ServiceContext,
): Promise<{ id: number; createdAt: string; createdBy: string; events: number; published: boolean }[]> {
  const rows = (await ctx.db
    .knex('programme_clone_batches as b')
    .leftJoin('programme_clone_events as c', 'c.batch_id', 'b.id')
    .groupBy('b.id', 'b.created_at', 'b.created_by', 'b.published_at')
    .orderBy('b.id', 'desc')
    .limit(50)
    .select('b.id', 'b.created_at', 'b.created_by', 'b.published_at')
    .count({ n: 'c.event_id' })) as Row[];
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: String(r.created_at),
    createdBy: String(r.created_by),
    events: Number(r.n),
    published: Boolean(r.published_at),
  }));
}

export async function cloneBatch(ctx: ServiceContext, id: number): Promise<CloneBatch> {
  const db = ctx.db.knex;
  const batch = (await db('programme_clone_batches').where('id', id).first()) as Row | undefined;
  if (!batch) throw new AppError('not_found');
  const rows = (await db('programme_clone_events as c')
    .join('events as e', 'e.id', 'c.event_id')
    .leftJoin('events as s', 's.id', 'c.source_event_id')
    .where('c.batch_id', id)
    .select('e.id', 'e.slug', 'e.title_lv', 'e.title_en', 'e.status', 'e.timezone', {
      source_slug: 's.slug',
      source_lv: 's.title_lv',
      source_en: 's.title_en',
    })) as Row[];
  const events = [];
  for (const r of rows) {
    const sessions = await sessionsToCopy(db, Number(r.id));
    events.push({
      slug: String(r.slug),
      title: { lv: String(r.title_lv), en: String(r.title_en) },
      status: String(r.status),
      source: r.source_slug
        ? { slug: String(r.source_slug), title: { lv: String(r.source_lv), en: String(r.source_en) } }
        : null,
      sessions: sessions.length,
      firstStart: firstStartOf(sessions),
      warnings: sessions.filter((s) => dayWarning(String(s.starts_at), String(r.timezone))).length,
    });
  }
  events.sort((a, b) => (a.firstStart ?? '9').localeCompare(b.firstStart ?? '9'));
  return {
    id,
    weeks: Number(batch.weeks),
    titlePattern: String(batch.title_pattern),
    createdBy: String(batch.created_by),
    createdAt: String(batch.created_at),
    publishedBy: batch.published_by ? String(batch.published_by) : null,
    publishedAt: batch.published_at ? String(batch.published_at) : null,
    events,
  };
}

/**
 * Publishes the batch's drafts together: each is checked first (sessions, pools over the
 * limited ones), and if one cannot be published, none is: `refused` names them. Copies an
 * organizer has since published or cancelled are left as they are.
 */
export async function publishCloneBatch(
  ctx: ServiceContext,
  organizer: Organizer,
  id: number,
): Promise<{ published: number; refused: string[] }> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const batch = await cloneBatch(ctx, id);
  const drafts = batch.events.filter((e) => e.status === 'draft');
  const refused: string[] = [];
  for (const e of drafts) {
    const programme = await loadProgramme(ctx.db, { slug: e.slug });
    if (programme && publishProblems(programme).length > 0) refused.push(e.slug);
  }
  if (refused.length > 0) return { published: 0, refused };
  for (const e of drafts) await setEventStatus(ctx, organizer, e.slug, 'published');
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await trx('programme_clone_batches')
      .where('id', id)
      .update({ published_by: organizer.email, published_at: now.toISOString() });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'programme.clone.publish',
        targetType: 'clone_batch',
        targetId: id,
        before: {},
        after: { events: drafts.map((e) => e.slug) },
      },
      now,
    );
  });
  return { published: drafts.length, refused: [] };
}
