import type { Knex } from 'knex';
import { readPrivacySettings, retentionOfEvents, PRIVACY_TABLE } from '../../db/privacyNotice.js';
import {
  ACCESSIBILITY_TABLE,
  accessibilityUpdatedAt,
  readAccessibilityStatement,
} from '../../db/accessibilityStatement.js';
import { writeSettingsRow, type SettingsTable } from '../../db/settingsRow.js';
import type { Tx } from '../../db/knex.js';
import type { Organizer } from '../../domain/organizers.js';
import { changedFields, PRIVACY_FIELDS, type PrivacySettings } from '../../domain/privacyNotice.js';
import { ACCESSIBILITY_FIELDS, type AccessibilityStatement } from '../../domain/accessibilityStatement.js';
import { audit } from '../../db/audit.js';
import { anyEventAsks } from '../../db/participantData.js';
import type { ServiceContext } from '../../context.js';

/**
 * The public pages whose content only the organizers know — the privacy notice and the
 * accessibility statement — each kept as one row that admins edit, every change audited.
 */
export interface SettingsPage<T extends object> {
  table: SettingsTable<T>;
  fields: readonly (keyof T)[];
  read: (db: Knex | Tx) => Promise<T | null>;
  /** The audit entry's action and target type. */
  action: string;
  targetType: string;
}

export const PRIVACY_PAGE: SettingsPage<PrivacySettings> = {
  table: PRIVACY_TABLE,
  fields: PRIVACY_FIELDS,
  read: readPrivacySettings,
  action: 'privacy.update',
  targetType: 'privacy_notice',
};

export const ACCESSIBILITY_PAGE: SettingsPage<AccessibilityStatement> = {
  table: ACCESSIBILITY_TABLE,
  fields: ACCESSIBILITY_FIELDS,
  read: readAccessibilityStatement,
  action: 'accessibility.update',
  targetType: 'accessibility_statement',
};

/** Everything the public privacy notice shows that is not a fixed text. */
export async function privacyNotice(ctx: ServiceContext) {
  return {
    settings: await PRIVACY_PAGE.read(ctx.db.knex),
    retention: await retentionOfEvents(ctx.db.knex),
    /** Some event asks for ESF+ participant data: the notice names its purpose, basis and retention. */
    participantData: await anyEventAsks(ctx.db.knex),
  };
}

export function privacySettings(ctx: ServiceContext): Promise<PrivacySettings | null> {
  return PRIVACY_PAGE.read(ctx.db.knex);
}

/**
 * Everything the public accessibility statement shows that is not a fixed text: the
 * statement, when it was last saved, and the contact (the privacy notice's while the
 * statement has none).
 */
export async function accessibilityStatement(ctx: ServiceContext) {
  const statement = await ACCESSIBILITY_PAGE.read(ctx.db.knex);
  return {
    statement,
    updatedAt: await accessibilityUpdatedAt(ctx.db.knex),
    contact: statement?.contactEmail || (await PRIVACY_PAGE.read(ctx.db.knex))?.contactEmail || null,
  };
}

/** An admin's new version of a settings page; the audit log keeps the fields that changed, before and after. */
export async function updateSettingsPage<T extends object>(
  ctx: ServiceContext,
  organizer: Organizer,
  page: SettingsPage<T>,
  next: T,
): Promise<void> {
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    const before = await page.read(trx);
    const changed = changedFields(page.fields, before, next);
    if (changed.length === 0) return;
    await writeSettingsRow(trx, page.table, next, organizer.email, now);
    await audit(
      trx,
      {
        actor: organizer.email,
        action: page.action,
        targetType: page.targetType,
        targetId: 1,
        before: before ? Object.fromEntries(changed.map((f) => [f, before[f]])) : null,
        after: Object.fromEntries(changed.map((f) => [f, next[f]])),
      },
      now,
    );
  });
}

export function updatePrivacySettings(ctx: ServiceContext, organizer: Organizer, next: PrivacySettings): Promise<void> {
  return updateSettingsPage(ctx, organizer, PRIVACY_PAGE, next);
}
