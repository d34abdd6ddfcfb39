import { readPrivacySettings, retentionOfEvents, writePrivacySettings } from '../../db/privacyNotice.js';
import type { Organizer } from '../../domain/organizers.js';
import { changedFields, type PrivacySettings } from '../../domain/privacyNotice.js';
import { audit } from '../../db/audit.js';
import { anyEventAsks } from '../../db/participantData.js';
import type { ServiceContext } from '../../context.js';

/** Everything the public privacy notice shows that is not a fixed text. */
export async function privacyNotice(ctx: ServiceContext) {
  return {
    settings: await readPrivacySettings(ctx.db.knex),
    retention: await retentionOfEvents(ctx.db.knex),
    /** Some event asks for ESF+ participant data: the notice names its purpose, basis and retention. */
    participantData: await anyEventAsks(ctx.db.knex),
  };
}

export function privacySettings(ctx: ServiceContext): Promise<PrivacySettings | null> {
  return readPrivacySettings(ctx.db.knex);
}

/** An admin's new version of the settings; the audit log keeps the fields that changed, before and after. */
export async function updatePrivacySettings(
  ctx: ServiceContext,
  organizer: Organizer,
  next: PrivacySettings,
): Promise<void> {
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const before = await readPrivacySettings(trx);
    const changed = changedFields(before, next);
    if (changed.length === 0) return;
    await writePrivacySettings(trx, next, organizer.email, now);
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'privacy.update',
        targetType: 'privacy_notice',
        targetId: 1,
        before: before ? Object.fromEntries(changed.map((f) => [f, before[f]])) : null,
        after: Object.fromEntries(changed.map((f) => [f, next[f]])),
      },
      now,
    );
  });
}
