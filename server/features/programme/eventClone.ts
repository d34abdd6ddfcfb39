import type { Knex } from 'knex';
import { insertEmptyQuota } from '../../db/capacityWrites.js';
import { DateTime } from 'luxon';
import { isUniqueViolation, type Tx } from '../../db/knex.js';
import { optionsToJson, questionFromRow } from '../../db/questions.js';
import { AppError, invalid } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

export interface CloneInput {
  /** The new event's address. */
  slug: string;
  /** The new event's first day (yyyy-mm-dd, in the event's timezone). */
  firstDay: string;
}

type Row = Record<string, unknown>;

/** A copy of a row for another event: without its id, with the given changes. */
const copyOf = (row: Row, changes: Row): Row => {
  const { id: _id, ...rest } = row;
  return { ...rest, ...changes };
};

/**
 * The questions still asked, with the options still offered (keys kept, so the counter of
 * keys goes along); archived questions and retired options stay with the old edition.
 */
async function copyQuestions(trx: Tx, sourceId: number, eventId: number, now: string): Promise<void> {
  const rows = (await trx('event_questions')
    .where({ event_id: sourceId, status: 'active' })
    .orderBy('sort')
    .orderBy('id')) as Row[];
  for (const [i, row] of rows.entries()) {
    const offered = questionFromRow(row).options.filter((o) => !o.retired);
    await trx('event_questions').insert(
      copyOf(row, {
        event_id: eventId,
        sort: i + 1,
        options: optionsToJson(offered),
        created_at: now,
        updated_at: now,
      }),
    );
  }
}

/** An instant moved by whole days, at the same wall-clock time in `zone` (summer time or not). */
export function shiftByDays(iso: unknown, zone: string, days: number): string {
  return DateTime.fromISO(String(iso), { zone: 'utc' }).setZone(zone).plus({ days }).toUTC().toISO() ?? String(iso);
}

/** The sessions a copy takes: all but the cancelled ones. */
export async function sessionsToCopy(db: Knex, eventId: number): Promise<Row[]> {
  return (await db('sessions').where('event_id', eventId).whereNot('status', 'cancelled').orderBy('id')) as Row[];
}

/** A pool's size as it was made (its template): `initial_size`, or its size if never resized. */
export const templateSize = (quota: Row): number => Number(quota.initial_size ?? quota.size);

/** How a copy differs from the event it copies. */
export interface CopyPlan {
  slug: string;
  /** Every date moves by this many days, at the same wall-clock time. */
  days: number;
  /** New titles; the source's when not given. */
  title?: { lv: string; en: string };
  /** Pools at their size as made (a programme's new year) or at their size today. */
  poolSizes: 'template' | 'current';
}

/**
 * Copies an event inside a transaction: its sessions (not the cancelled ones), pools with
 * their coverage, hours and certificate settings, its asked questions with the options
 * still offered, every date moved by `plan.days` at the same wall-clock time, as a draft.
 * Nothing of its registrations is copied. Returns the new event's id.
 */
export async function copyEvent(trx: Tx, source: Row, plan: CopyPlan, now: string): Promise<number> {
  const sourceId = Number(source.id);
  const zone = String(source.timezone);
  const shift = (iso: unknown) => shiftByDays(iso, zone, plan.days);
  const [event] = (await trx('events')
    .insert(
      copyOf(source, {
        slug: plan.slug,
        ...(plan.title ? { title_lv: plan.title.lv, title_en: plan.title.en } : {}),
        status: 'draft',
        registration_opens_at: shift(source.registration_opens_at),
        registration_closes_at: shift(source.registration_closes_at),
        created_at: now,
        updated_at: now,
      }),
    )
    .returning('id')) as { id: number }[];
  const eventId = Number(event?.id);
  const sessionIds = new Map<number, number>();
  for (const s of await sessionsToCopy(trx, sourceId)) {
    const [made] = (await trx('sessions')
      .insert(
        copyOf(s, {
          event_id: eventId,
          starts_at: shift(s.starts_at),
          ends_at: shift(s.ends_at),
          status: 'scheduled',
          sequence: 0,
        }),
      )
      .returning('id')) as { id: number }[];
    sessionIds.set(Number(s.id), Number(made?.id));
  }
  const quotas = (await trx('quotas').where('event_id', sourceId).orderBy('id')) as Row[];
  for (const q of quotas) {
    const sizes = plan.poolSizes === 'template' ? { size: templateSize(q), initial_size: templateSize(q) } : {};
    const madeId = await insertEmptyQuota(trx, { ...copyOf(q, { event_id: eventId, ...sizes }), used: 0 });
    const covered = (await trx('quota_sessions').where('quota_id', Number(q.id))) as { session_id: number }[];
    const links = covered
      .map((c) => sessionIds.get(Number(c.session_id)))
      .filter((id): id is number => id !== undefined)
      .map((sessionId) => ({ quota_id: madeId, session_id: sessionId }));
    if (links.length > 0) await trx('quota_sessions').insert(links);
  }
  await copyQuestions(trx, sourceId, eventId, now);
  const settings = (await trx('certificate_settings').where('event_id', sourceId).first()) as Row | undefined;
  if (settings) await trx('certificate_settings').insert({ ...settings, event_id: eventId, updated_at: now });
  return eventId;
}

/**
 * Next year's edition of an event (copyEvent), every date moved by whole days so that the
 * first session falls on `firstDay` at the same wall-clock time, its pools at their size
 * today. One transaction: all of it or nothing.
 */
export async function cloneEvent(
  ctx: ServiceContext,
  organizer: Organizer,
  sourceSlug: string,
  input: CloneInput,
): Promise<string> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const db = ctx.db.knex;
  const source = (await db('events').where('slug', sourceSlug).first()) as Row | undefined;
  if (!source) throw new AppError('not_found');
  const zone = String(source.timezone);
  const sessions = await sessionsToCopy(db, Number(source.id));
  const firstStart = sessions.map((s) => String(s.starts_at)).sort()[0] ?? String(source.registration_closes_at);
  const from = DateTime.fromISO(firstStart, { zone: 'utc' }).setZone(zone).startOf('day');
  const to = DateTime.fromISO(input.firstDay, { zone });
  if (!to.isValid) throw invalid({ firstDay: 'invalid_date' });
  const days = Math.round(to.startOf('day').diff(from, 'days').days);

  const now = ctx.clock().toISOString();
  try {
    await db.transaction(async (trx) => {
      const eventId = await copyEvent(trx, source, { slug: input.slug, days, poolSizes: 'current' }, now);
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'event.clone',
          targetType: 'event',
          targetId: eventId,
          before: { slug: sourceSlug },
          after: { slug: input.slug, firstDay: input.firstDay, days },
        },
        ctx.clock(),
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalid({ slug: 'slug_taken' });
    throw err;
  }
  return input.slug;
}
