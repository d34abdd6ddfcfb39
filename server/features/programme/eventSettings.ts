import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import { confirmsAddress, type Event, type WaitlistMode } from '../../domain/types.js';
import { loadProgramme } from '../../db/programme.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';

/**
 * How an event treats its scarce places: whether a new registration's limited places are
 * held until its address confirms them (and for how long), and how a freed place reaches
 * the waitlist (confirmed for the first person at once, or offered to them for a while).
 */
export interface PlaceSettings {
  addressConfirmation?: {
    /** true or false for this event; null follows the server's ADDRESS_CONFIRMATION. */
    enabled?: boolean | null;
    holdMinutes?: number;
  };
  waitlist?: { mode?: WaitlistMode; offerHours?: number };
}

/** The settings as they stand, with what the server's default makes of them. */
export function placeSettingsOf(event: Event, serverDefault: boolean) {
  return {
    addressConfirmation: {
      enabled: event.addressConfirmation,
      effective: confirmsAddress(event, serverDefault),
      holdMinutes: event.holdMinutes,
    },
    waitlist: { mode: event.waitlistMode, offerHours: event.offerHours },
  };
}

/**
 * Changes an event's place settings (admins only; audited). A change applies to what
 * happens next: places held or offered already keep their deadlines. It is a change of the
 * programme (capacity use cases plan on these settings), made under the event's lock.
 */
export async function changePlaceSettings(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  settings: PlaceSettings,
): Promise<ReturnType<typeof placeSettingsOf>> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  const before = placeSettingsOf(programme.event, ctx.addressConfirmation);
  const { addressConfirmation: confirm, waitlist } = settings;
  const row: Record<string, string | number | null> = {};
  if (confirm?.enabled !== undefined)
    row.address_confirmation = confirm.enabled === null ? null : confirm.enabled ? 'on' : 'off';
  if (confirm?.holdMinutes !== undefined) row.hold_minutes = confirm.holdMinutes;
  if (waitlist?.mode !== undefined) row.waitlist_mode = waitlist.mode;
  if (waitlist?.offerHours !== undefined) row.offer_hours = waitlist.offerHours;
  const now = ctx.clock();
  if (Object.keys(row).length > 0) {
    await ctx.db.capacity.changeProgramme(programme.event.id, async (trx) => {
      await trx('events')
        .where('id', programme.event.id)
        .update({ ...row, updated_at: now.toISOString() });
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'event.places',
          targetType: 'event',
          targetId: programme.event.id,
          before,
          after: settings,
        },
        now,
      );
    });
  }
  const after = await loadProgramme(ctx.db, { id: programme.event.id });
  if (!after) throw new AppError('not_found');
  return placeSettingsOf(after.event, ctx.addressConfirmation);
}
