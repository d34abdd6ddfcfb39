import { insertQuota } from '../../db/capacityWrites.js';
import { isUniqueViolation } from '../../db/knex.js';
import { loadProgramme, sessionFromRow } from '../../db/programme.js';
import { AppError, invalid } from '../../domain/errors.js';
import { publishProblems } from '../../domain/quotas.js';
import { takenWhole, type EventKind, type EventStatus, type SessionKind } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import { audit } from '../../db/audit.js';
import type { Organizer } from '../../domain/organizers.js';
import { moveSessionsIn, refuseSecondSession, type Told } from './sessions.js';

export interface EventInput {
  slug: string;
  kind: EventKind;
  titleLv: string;
  titleEn: string;
  descriptionLv: string;
  descriptionEn: string;
  opensAt: string;
  closesAt: string;
  reminderHours: number;
  /** Days after the event's last session until personal data is anonymised. */
  retentionDays: number;
  /** How long before a session the private join link appears to confirmed people. */
  joinLinkMinutes: number;
  /** The registration asks for ESF+ participant data (left out: as it is, or off for a new event). */
  participantData?: boolean;
}

export interface SessionInput {
  kind: SessionKind;
  regionId: string | null;
  titleLv: string;
  titleEn: string;
  descriptionLv: string;
  descriptionEn: string;
  startsAt: string;
  endsAt: string;
  streamUrl: string | null;
  joinUrl: string | null;
  place: string | null;
  address: string | null;
  speakersLv: string;
  speakersEn: string;
  embedOrigins: string | null;
  audience: string | null;
}

function checkWindow(a: string, b: string, fields: [string, string]): void {
  if (!(new Date(b) > new Date(a))) throw invalid({ [fields[1]]: 'end_before_start' });
}

const eventRow = (e: EventInput) => ({
  slug: e.slug,
  kind: e.kind,
  title_lv: e.titleLv,
  title_en: e.titleEn,
  description_lv: e.descriptionLv,
  description_en: e.descriptionEn,
  registration_opens_at: new Date(e.opensAt).toISOString(),
  registration_closes_at: new Date(e.closesAt).toISOString(),
  reminder_hours: e.reminderHours,
  retention_days: e.retentionDays,
  join_link_minutes: e.joinLinkMinutes,
  ...(e.participantData === undefined ? {} : { participant_data: e.participantData }),
});

export async function createEvent(ctx: ServiceContext, organizer: Organizer, input: EventInput): Promise<string> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  checkWindow(input.opensAt, input.closesAt, ['opensAt', 'closesAt']);
  const now = ctx.clock();
  try {
    await ctx.db.knex.transaction(async (trx) => {
      const [row] = (await trx('events')
        .insert({
          ...eventRow(input),
          timezone: 'Europe/Riga',
          status: 'draft',
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning('id')) as { id: number }[];
      await audit(
        trx,
        { actor: organizer.email, action: 'event.create', targetType: 'event', targetId: row?.id, after: input },
        now,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalid({ slug: 'slug_taken' });
    throw err;
  }
  return input.slug;
}

export async function updateEvent(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  input: EventInput,
): Promise<string> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  checkWindow(input.opensAt, input.closesAt, ['opensAt', 'closesAt']);
  const before = (await ctx.db.knex('events').where('slug', slug).first()) as Record<string, unknown> | undefined;
  if (!before) throw new AppError('not_found');
  const now = ctx.clock();
  try {
    await ctx.db.capacity.changeProgramme(before.id as number, async (trx) => {
      await trx('events')
        .where('id', before.id as number)
        .update({ ...eventRow(input), updated_at: now.toISOString() });
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'event.update',
          targetType: 'event',
          targetId: before.id as number,
          before,
          after: input,
        },
        now,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalid({ slug: 'slug_taken' });
    throw err;
  }
  return input.slug;
}

export async function setEventStatus(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  status: EventStatus,
): Promise<void> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const before = (await ctx.db.knex('events').where('slug', slug).first('id', 'status')) as
    { id: number; status: string } | undefined;
  if (!before) throw new AppError('not_found');
  const now = ctx.clock();
  if (status === 'published') {
    const programme = await loadProgramme(ctx.db, { id: before.id });
    const problems = programme ? publishProblems(programme) : [];
    if (problems[0]) throw invalid({ status: problems[0].code });
  }
  await ctx.db.capacity.changeProgramme(before.id, async (trx) => {
    await trx('events').where('id', before.id).update({ status, updated_at: now.toISOString() });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'event.status',
        targetType: 'event',
        targetId: before.id,
        before: { status: before.status },
        after: { status },
      },
      now,
    );
  });
}

const sessionRow = (s: SessionInput) => ({
  kind: s.kind,
  region_id: s.regionId,
  title_lv: s.titleLv,
  title_en: s.titleEn,
  description_lv: s.descriptionLv,
  description_en: s.descriptionEn,
  stream_url: s.streamUrl,
  join_url: s.joinUrl,
  place: s.place,
  address: s.address,
  speakers_lv: s.speakersLv,
  speakers_en: s.speakersEn,
  embed_origins: s.embedOrigins,
  audience: s.audience,
});

export async function createSession(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  input: SessionInput,
): Promise<number> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  checkWindow(input.startsAt, input.endsAt, ['startsAt', 'endsAt']);
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  const now = ctx.clock();
  return ctx.db.capacity.changeProgramme(programme.event.id, async (trx) => {
    await refuseSecondSession(trx, programme.event.id);
    const [row] = (await trx('sessions')
      .insert({
        ...sessionRow(input),
        event_id: programme.event.id,
        starts_at: new Date(input.startsAt).toISOString(),
        ends_at: new Date(input.endsAt).toISOString(),
        status: 'scheduled',
        sequence: 0,
      })
      .returning('id')) as { id: number }[];
    await audit(
      trx,
      { actor: organizer.email, action: 'session.create', targetType: 'session', targetId: row?.id, after: input },
      now,
    );
    return Number(row?.id);
  });
}

/**
 * Edits a session. A change of time or of place goes through moveSessionsIn, which bumps
 * the change counter and tells everyone confirmed what it was and what it is now, with a
 * calendar update.
 */
export async function updateSession(
  ctx: ServiceContext,
  organizer: Organizer,
  sessionId: number,
  input: SessionInput,
): Promise<Told> {
  const row = (await ctx.db.knex('sessions').where('id', sessionId).first()) as Record<string, unknown> | undefined;
  if (!row) throw new AppError('not_found');
  const found = sessionFromRow(row);
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  checkWindow(input.startsAt, input.endsAt, ['startsAt', 'endsAt']);
  const now = ctx.clock();
  const startsAt = new Date(input.startsAt).toISOString();
  const endsAt = new Date(input.endsAt).toISOString();
  return ctx.db.capacity.changeProgramme(found.eventId, async (trx): Promise<Told> => {
    // Read inside the change: what it was is what people are told it was.
    const current = (await trx('sessions').where('id', sessionId).first()) as Record<string, unknown> | undefined;
    if (!current) throw new AppError('not_found');
    const before = sessionFromRow(current);
    await trx('sessions').where('id', sessionId).update(sessionRow(input));
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'session.update',
        targetType: 'session',
        targetId: sessionId,
        before,
        after: input,
      },
      now,
    );
    const timeChanged = startsAt !== before.startsAt || endsAt !== before.endsAt;
    const placeChanged =
      (input.place ?? '') !== (before.place ?? '') || (input.address ?? '') !== (before.address ?? '');
    // A cancelled session's place may be corrected; its time may not (it is no longer held).
    if (timeChanged || (placeChanged && before.status === 'scheduled')) {
      return moveSessionsIn(ctx, trx, [{ sessionId, startsAt, endsAt, before }], organizer.email, now);
    }
    return { notified: 0, toCall: [] };
  });
}

/** A new capacity pool over existing sessions; it starts with their confirmed seats counted. */
export async function createQuota(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  input: { name: string; nameEn?: string; size: number; sessionIds: number[] },
): Promise<number> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  const ids = [...new Set(input.sessionIds)];
  if (ids.length === 0 || !ids.every((id) => programme.sessions.some((s) => s.id === id && s.kind !== 'plenary'))) {
    throw invalid({ sessionIds: 'unknown_session' });
  }
  const now = ctx.clock();
  // A programme change: no registration of the event commits while the pool counts its
  // seats, and none planned without the pool commits after it (LOCKING.md).
  return ctx.db.capacity.changeProgramme(programme.event.id, async (trx) => {
    // A course's pool counts people, not seats (LOCKING.md, "A course").
    const confirmed = trx('seats').whereIn('session_id', ids).andWhere('status', 'confirmed');
    const counted = (await (
      takenWhole(programme.event) ? confirmed.countDistinct({ n: 'registration_id' }) : confirmed.count({ n: '*' })
    ).first()) as {
      n: number;
    };
    const used = Number(counted.n);
    if (input.size < used) throw invalid({ size: `below_confirmed:${used}` });
    const quotaId = await insertQuota(trx, {
      eventId: programme.event.id,
      name: input.name,
      nameEn: input.nameEn?.trim() || null,
      size: input.size,
      used,
    });
    await trx('quota_sessions').insert(ids.map((session_id) => ({ quota_id: quotaId, session_id })));
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'quota.create',
        targetType: 'quota',
        targetId: quotaId,
        after: { ...input, used },
      },
      now,
    );
    return quotaId;
  });
}
