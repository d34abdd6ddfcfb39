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

/**
 * Next year's edition of an event: its sessions (not the cancelled ones), pools with their
 * coverage, hours and certificate settings, its asked questions with the options still offered, every date moved by whole days so that the first
 * session falls on `firstDay` at the same wall-clock time (summer time included), as a draft.
 * Nothing of its registrations is copied. One transaction: all of it or nothing.
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
  const sourceId = Number(source.id);
  const zone = String(source.timezone);
  const sessions = (await db('sessions')
    .where('event_id', sourceId)
    .whereNot('status', 'cancelled')
    .orderBy('id')) as Row[];
  const firstStart = sessions.map((s) => String(s.starts_at)).sort()[0] ?? String(source.registration_closes_at);
  const from = DateTime.fromISO(firstStart, { zone: 'utc' }).setZone(zone).startOf('day');
  const to = DateTime.fromISO(input.firstDay, { zone });
  if (!to.isValid) throw invalid({ firstDay: 'invalid_date' });
  const days = Math.round(to.startOf('day').diff(from, 'days').days);
  const shift = (iso: unknown): string =>
    DateTime.fromISO(String(iso), { zone: 'utc' }).setZone(zone).plus({ days }).toUTC().toISO() ?? String(iso);

  const now = ctx.clock().toISOString();
  try {
    await db.transaction(async (trx) => {
      const [event] = (await trx('events')
        .insert(
          copyOf(source, {
            slug: input.slug,
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
      for (const s of sessions) {
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
        const made = { id: await insertEmptyQuota(trx, { ...copyOf(q, { event_id: eventId }), used: 0 }) };
        const covered = (await trx('quota_sessions').where('quota_id', Number(q.id))) as { session_id: number }[];
        const links = covered
          .map((c) => sessionIds.get(Number(c.session_id)))
          .filter((id): id is number => id !== undefined)
          .map((sessionId) => ({ quota_id: Number(made?.id), session_id: sessionId }));
        if (links.length > 0) await trx('quota_sessions').insert(links);
      }
      await copyQuestions(trx, sourceId, eventId, now);
      const settings = (await trx('certificate_settings').where('event_id', sourceId).first()) as Row | undefined;
      if (settings) await trx('certificate_settings').insert({ ...settings, event_id: eventId, updated_at: now });
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
