import { quotasOfEvent } from '../db/programme.js';
import { Availability } from '../domain/availability.js';
import { AppError, invalid } from '../domain/errors.js';
import { promotionClosure } from '../domain/quotas.js';
import { coverageOf, type Quota } from '../domain/types.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { loadQuotaStates, promoteWaiting, saveUsage, type Promotion } from './promotion.js';

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
      work: async ({ trx }) => {
        const [current] = await loadQuotaStates(trx, [quotaId]);
        if (!current) throw new AppError('not_found');
        if (size < current.used) throw invalid({ size: 'below_confirmed' });
        await trx('quotas').where('id', quotaId).update({ size });
        const before = await loadQuotaStates(trx, lockIds);
        const availability = new Availability(before, coverage);
        const promotions = await promoteWaiting(ctx, trx, availability, coverage, [quotaId]);
        await saveUsage(trx, availability, before);
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
