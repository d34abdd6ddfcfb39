import { setQuotaSize } from '../../db/capacityWrites.js';
import { quotasOfEvent } from '../../db/programme.js';
import { contactsOf, type Contact } from '../../db/registrations.js';
import { Availability } from '../../domain/availability.js';
import { AppError, invalid } from '../../domain/errors.js';
import { promotionClosure } from '../../domain/quotas.js';
import { coverageOf, type Quota } from '../../domain/types.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import type { Organizer } from '../../domain/organizers.js';
import { quotaInScope } from '../organizers/index.js';
import { loadQuotaStates, promoteWaiting, saveUsage, type Promotion } from '../registration/index.js';

export interface CapacityChange {
  quota: Quota;
  promoted: Promotion[];
}

/**
 * Sets a quota's size. A raise promotes from the waitlist at once, in FIFO order; a cut
 * below the confirmed count is refused, so nobody loses a confirmed place silently.
 */
export async function changeCapacity(
  ctx: ServiceContext,
  quotaId: number,
  size: number,
  actor: string,
): Promise<CapacityChange> {
  if (!Number.isInteger(size) || size < 0 || size > 100_000) throw invalid({ size: 'invalid_size' });
  const row = (await ctx.db.knex('quotas').where('id', quotaId).first('event_id')) as { event_id: number } | undefined;
  if (!row) throw new AppError('not_found');
  const eventId = Number(row.event_id);
  const now = ctx.clock();

  const promoted = await ctx.db.capacity.run({ id: eventId }, (programme) => {
    const coverage = coverageOf(programme.quotas);
    const lockIds = promotionClosure(coverage, [quotaId]);
    return {
      quotaIds: lockIds.length > 0 ? lockIds : [quotaId],
      work: async (tx) => {
        const { trx } = tx;
        const [current] = await loadQuotaStates(trx, [quotaId]);
        if (!current) throw new AppError('not_found');
        if (size < current.used) throw invalid({ size: `below_confirmed:${current.used}` });
        await setQuotaSize(tx, quotaId, size);
        const before = await loadQuotaStates(trx, lockIds);
        const availability = new Availability(before, coverage);
        const promotions = await promoteWaiting(ctx, tx, programme, availability, coverage, [quotaId]);
        await saveUsage(tx, availability, before);
        await audit(
          trx,
          {
            actor,
            action: 'quota.resize',
            targetType: 'quota',
            targetId: quotaId,
            before: { size: current.size },
            after: { size, promotedSeatIds: promotions.map((p) => p.seatId) },
          },
          now,
        );
        return promotions;
      },
    };
  });
  const quota = (await quotasOfEvent(ctx.db.knex, eventId)).find((q) => q.id === quotaId);
  if (!quota) throw new AppError('not_found');
  return { quota, promoted };
}

/**
 * Resizes a quota for an organizer: only within their regions (a quota belongs to the
 * regions of the sessions it covers). Shared by the back office and the organizer API.
 */
export async function resizeQuotaAs(
  ctx: ServiceContext,
  organizer: Organizer,
  quotaId: number,
  size: number,
): Promise<CapacityChange & { slug: string }> {
  const programme = await quotaInScope(ctx, organizer, quotaId);
  return { slug: programme.event.slug, ...(await changeCapacity(ctx, quotaId, size, organizer.email)) };
}

/** The people a change gave places to, in the order they got them. */
export function promotedPeople(ctx: ServiceContext, promoted: readonly Promotion[]): Promise<Contact[]> {
  return contactsOf(
    ctx.db.knex,
    promoted.map((p) => p.registrationId),
  );
}
