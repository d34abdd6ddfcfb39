import { findEventIdOfQuota, loadProgramme } from '../../db/programme.js';
import { findRegistrationById, findSeat, type SealedRegistration } from '../../db/registrations.js';
import { AppError } from '../../domain/errors.js';
import { canActInRegion, canManageQuota, type Organizer } from '../../domain/organizers.js';
import type { Programme, Seat } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';

/**
 * What an organizer may act on: a registration, seat or session in their regions, a
 * quota all of whose regions are theirs. Each lookup answers not_found for what does not
 * exist and forbidden for what lies outside their regions.
 */

/** What only an admin may do (programme set-up, certificates). */
export function adminOnly(organizer: Organizer): void {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
}

/** The programme of the event at `slug`, or not_found. */
export async function eventBySlug(ctx: ServiceContext, slug: string): Promise<Programme> {
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  return programme;
}

/** A registration an organizer may act on: it exists and lies in their regions. */
export async function registrationInScope(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationId: number,
): Promise<{ registration: SealedRegistration; programme: Programme }> {
  const registration = await findRegistrationById(ctx.db.knex, registrationId);
  if (!registration) throw new AppError('not_found');
  if (!canActInRegion(organizer, registration.regionId)) throw new AppError('forbidden');
  const programme = await loadProgramme(ctx.db, { id: registration.eventId });
  if (!programme) throw new AppError('not_found');
  return { registration, programme };
}

/** A seat of a registration in the organizer's regions; `wanted` narrows which seats count as found. */
export async function seatInScope(
  ctx: ServiceContext,
  organizer: Organizer,
  seatId: number,
  wanted: (seat: Seat) => boolean = () => true,
) {
  const seat = await findSeat(ctx.db.knex, seatId);
  if (!seat || !wanted(seat)) throw new AppError('not_found');
  return { seat, ...(await registrationInScope(ctx, organizer, seat.registrationId)) };
}

export interface SessionRow {
  id: number;
  region_id: string | null;
  event_id: number;
  title_lv: string;
  title_en: string;
  starts_at: string;
  place: string | null;
  address: string | null;
}

export async function sessionInScope(ctx: ServiceContext, organizer: Organizer, sessionId: number) {
  const session = (await ctx.db
    .knex('sessions')
    .where('id', sessionId)
    .first('id', 'region_id', 'event_id', 'title_lv', 'title_en', 'starts_at', 'place', 'address')) as
    SessionRow | undefined;
  if (!session) throw new AppError('not_found');
  if (!canActInRegion(organizer, session.region_id)) throw new AppError('forbidden');
  return session;
}

/** The programme of a quota the organizer may manage. */
export async function quotaInScope(ctx: ServiceContext, organizer: Organizer, quotaId: number): Promise<Programme> {
  const eventId = await findEventIdOfQuota(ctx.db.knex, quotaId);
  const programme = eventId === null ? null : await loadProgramme(ctx.db, { id: eventId });
  if (!programme) throw new AppError('not_found');
  if (!canManageQuota(organizer, programme, quotaId)) throw new AppError('forbidden');
  return programme;
}
