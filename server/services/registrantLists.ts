import { countRegistrants, listRegistrants, type RegistrantFilter, type RegistrantRow } from '../db/registrants.js';
import type { Organizer } from '../domain/organizers.js';
import type { Lang } from '../domain/time.js';
import type { Programme } from '../domain/types.js';
import { translator } from '../i18n/index.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { registrantTable, tableDownload, type Download } from './exports.js';

/**
 * An event's registration list as organizers read it: a page in the back office, a page
 * of the API, or every row as a download. Each look is audited, since the list is
 * personal data; the filter already holds the organizer's regions.
 */

/** People on one page of the back office's list. */
export const PAGE_SIZE = 50;
/** People on one page of the organizer API's list. */
export const API_PAGE_SIZE = 500;
const EXPORT_LIMIT = 100_000;

async function auditLook(
  ctx: ServiceContext,
  organizer: Organizer,
  action: string,
  filter: RegistrantFilter,
  extra: Record<string, unknown>,
): Promise<void> {
  await audit(
    ctx.db.knex,
    {
      actor: organizer.email,
      action,
      targetType: 'event',
      targetId: filter.eventId,
      after: { filter: { ...filter, scope: undefined }, ...extra },
    },
    ctx.clock(),
  );
}

export interface RegistrantPage {
  total: number;
  pages: number;
  /** The page shown: the one asked for, or the last one when that lies beyond the end. */
  page: number;
  rows: RegistrantRow[];
}

/** One page of the back office's list. */
export async function registrantsPage(
  ctx: ServiceContext,
  organizer: Organizer,
  filter: RegistrantFilter,
  requested: number,
  lang: Lang,
): Promise<RegistrantPage> {
  const total = await countRegistrants(ctx.db.knex, filter);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requested, pages);
  const rows = await listRegistrants(ctx.db.knex, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, lang);
  await auditLook(ctx, organizer, 'registrations.view', filter, { page });
  return { total, pages, page, rows };
}

/** One page of the organizer API's list (a page beyond the end is empty). */
export async function registrantsForApi(
  ctx: ServiceContext,
  organizer: Organizer,
  filter: RegistrantFilter,
  page: number,
  lang: Lang,
) {
  const total = await countRegistrants(ctx.db.knex, filter);
  const rows = await listRegistrants(
    ctx.db.knex,
    filter,
    { limit: API_PAGE_SIZE, offset: (page - 1) * API_PAGE_SIZE },
    lang,
  );
  await auditLook(ctx, organizer, 'api.registrations.list', filter, {});
  return { total, page, pageSize: API_PAGE_SIZE, registrations: rows };
}

/** Every row of the list as a CSV or XLSX file. */
export async function exportRegistrants(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  filter: RegistrantFilter,
  format: 'csv' | 'xlsx',
  lang: Lang,
): Promise<Download> {
  const rows = await listRegistrants(ctx.db.knex, filter, { limit: EXPORT_LIMIT, offset: 0 }, lang);
  const regionName = (id: string) => programme.regions.find((r) => r.id === id)?.name[lang] ?? id;
  const table = registrantTable(rows, translator(lang), lang, regionName);
  await auditLook(ctx, organizer, `export.${format}`, filter, { rows: rows.length });
  const { slug } = programme.event;
  return tableDownload(table, format, { file: `${slug}-registrations`, sheet: slug });
}
