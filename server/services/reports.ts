import type { Knex } from 'knex';
import { regionScope, type Organizer } from '../domain/organizers.js';
import type { Lang } from '../domain/time.js';
import type { Programme } from '../domain/types.js';
import { translator } from '../i18n/index.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { CSV_TYPE, toCsv, type Download } from './exports.js';
import { formatHours } from '../domain/certificates.js';
import { hoursAndCertificates } from './reportHours.js';

export const REPORT_DIMENSIONS = ['region', 'municipality', 'institution', 'role'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportRow {
  key: string;
  label: string;
  registered: number;
  confirmed: number;
  attended: number;
  /** Professional development (issue 18): hours of attended sessions, in tenths, and valid certificates. */
  attendedHoursTenths: number;
  certificates: number;
}

/**
 * The figures a funder asks for: per region, municipality, institution or role, how many
 * registered (active registrations), how many hold a confirmed workshop/seminar place and
 * how many attended one.
 */
export async function report(
  db: Knex,
  eventId: number,
  by: ReportDimension,
  lang: 'lv' | 'en',
  scope?: string[],
): Promise<ReportRow[]> {
  const column = {
    region: 'registrations.region_id',
    municipality: 'registrations.municipality_id',
    institution: 'registrations.institution',
    role: 'registrations.role',
  }[by];
  const base = db('registrations').where('registrations.event_id', eventId).andWhere('registrations.status', 'active');
  if (scope) void base.whereIn('registrations.region_id', scope);
  const limited = (q: ReturnType<typeof db>) =>
    q
      .join('seats', 'seats.registration_id', 'registrations.id')
      .join('sessions', 'sessions.id', 'seats.session_id')
      .whereNot('sessions.kind', 'plenary');
  const registered = (await base.clone().groupBy(column).select(`${column} as k`).count({ n: '*' })) as {
    k: string;
    n: number;
  }[];
  const confirmed = (await limited(base.clone())
    .where('seats.status', 'confirmed')
    .groupBy(column)
    .select(`${column} as k`)
    .countDistinct({ n: 'registrations.id' })) as { k: string; n: number }[];
  const attended = (await limited(base.clone())
    .whereNotNull('seats.attended_at')
    .groupBy(column)
    .select(`${column} as k`)
    .countDistinct({ n: 'registrations.id' })) as { k: string; n: number }[];

  const labels = new Map<string, string>();
  if (by === 'region') {
    for (const r of (await db('regions').select('id', `name_${lang} as name`)) as { id: string; name: string }[])
      labels.set(r.id, r.name);
  } else if (by === 'municipality') {
    for (const m of (await db('municipalities').select('id', `name_${lang} as name`)) as { id: string; name: string }[])
      labels.set(m.id, m.name);
  }
  const count = (rows: { k: string; n: number }[], key: string) => Number(rows.find((r) => r.k === key)?.n ?? 0);
  const pd = await hoursAndCertificates(db, eventId, column, scope);
  return registered
    .map((r) => ({
      key: r.k,
      label: labels.get(r.k) ?? r.k,
      registered: Number(r.n),
      confirmed: count(confirmed, r.k),
      attended: count(attended, r.k),
      attendedHoursTenths: pd.get(r.k)?.hoursTenths ?? 0,
      certificates: pd.get(r.k)?.certificates ?? 0,
    }))
    .sort((a, b) => b.registered - a.registered || a.label.localeCompare(b.label, 'lv'));
}

/** The report as an organizer may see it: their regions only. */
export function reportFor(
  ctx: ServiceContext,
  organizer: Organizer,
  eventId: number,
  by: ReportDimension,
  lang: Lang,
): Promise<ReportRow[]> {
  return report(ctx.db.knex, eventId, by, lang, regionScope(organizer));
}

/** The report as a CSV download (audited, like every export). */
export async function exportReport(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  by: ReportDimension,
  lang: Lang,
): Promise<Download> {
  const rows = await reportFor(ctx, organizer, programme.event.id, by, lang);
  const t = translator(lang);
  await audit(
    ctx.db.knex,
    {
      actor: organizer.email,
      action: 'export.report',
      targetType: 'event',
      targetId: programme.event.id,
      after: { by },
    },
    ctx.clock(),
  );
  const table = {
    headers: [
      t(`admin.dim.${by}`),
      t('admin.registered'),
      t('admin.confirmed'),
      t('admin.attended'),
      t('pd.report.hours'),
      t('pd.report.certificates'),
    ],
    rows: rows.map((r) => [
      r.label,
      r.registered,
      r.confirmed,
      r.attended,
      formatHours(r.attendedHoursTenths, lang),
      r.certificates,
    ]),
  };
  return { filename: `${programme.event.slug}-report-${by}.csv`, contentType: CSV_TYPE, body: toCsv(table) };
}
