import { DateTime } from 'luxon';
import { listEvents, listRegions, loadProgramme, municipalitiesInOrder } from '../../db/programme.js';
import { programmeParticipations } from '../../db/reportFacts.js';
import { audit } from '../../db/audit.js';
import { invalid } from '../../domain/errors.js';
import { canActInRegion, regionScope, type Organizer } from '../../domain/organizers.js';
import {
  programmeTable,
  repeatParticipation,
  type Participation,
  type ProgrammeRow,
  type ProgrammeTable,
} from '../../domain/programmeReport.js';
import { formatDate, isoInZone, ZONE, type Lang } from '../../domain/time.js';
import { ROLES, type Programme, type Session } from '../../domain/types.js';
import { sessionLabel } from '../../domain/where.js';
import type { ProgrammeTableName } from '../../http/admin/schemas.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import type { ServiceContext } from '../../context.js';
import { tableDownload, workbookDownload, type Download, type ExportFormat, type Table } from './exports.js';

/** Riga days, both included; either end may be open. */
export interface Period {
  from?: string;
  to?: string;
}

export interface EventRow extends ProgrammeRow {
  slug: string;
  /** The first and the last of its counted sessions' starts (null: none in the period). */
  firstSession: string | null;
  lastSession: string | null;
}

export interface SessionRow extends ProgrammeRow {
  sessionId: number;
  event: string;
  kind: Session['kind'];
  startsAt: string;
}

/** The funder's figures for the whole programme, as an organizer may see them. */
export interface ProgrammeReport {
  madeAt: Date;
  /** The days asked for, or else the first and last day of a counted session (null: none). */
  period: { from: string | null; to: string | null };
  /** The regions counted (a coordinator's), or null for all. */
  regions: { id: string; name: string }[] | null;
  byRegion: ProgrammeTable;
  byMunicipality: ProgrammeTable;
  byRole: ProgrammeTable;
  byEvent: { rows: EventRow[]; totals: ProgrammeTable['totals'] };
  bySession: { rows: SessionRow[]; totals: ProgrammeTable['totals'] };
  repeat: { events: number; people: number }[];
}

/** The UTC bounds of a period of Riga days: [from 00:00, the day after `to` 00:00). */
function bounds(period: Period): { from: number; to: number } {
  if (period.from && period.to && period.from > period.to) throw invalid({ to: 'period_order' });
  const day = (d: string) => DateTime.fromISO(d, { zone: ZONE });
  return {
    from: period.from ? day(period.from).toMillis() : -Infinity,
    to: period.to ? day(period.to).plus({ days: 1 }).toMillis() : Infinity,
  };
}

const rigaDay = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toISODate() ?? iso.slice(0, 10);

/**
 * The report: every region, municipality (of the regions in scope) and role even with
 * nobody in it; every event that is not a draft or cancelled and every session of theirs
 * in the period (a coordinator: sessions of their regions or of every region); people are
 * counted as domain/programmeReport.ts says.
 */
export async function programmeReport(
  ctx: ServiceContext,
  organizer: Organizer,
  period: Period,
  lang: Lang,
): Promise<ProgrammeReport> {
  const { from, to } = bounds(period);
  const scope = regionScope(organizer);
  const t = translator(lang);
  const programmes = (
    await Promise.all(
      (await listEvents(ctx.db, { publishedOnly: false })).map((e) => loadProgramme(ctx.db, { id: e.id })),
    )
  ).filter((p): p is Programme => p !== null);
  const counted = new Map<number, { session: Session; programme: Programme }>();
  for (const programme of programmes) {
    for (const session of programme.sessions) {
      const at = Date.parse(session.startsAt);
      if (session.status !== 'cancelled' && at >= from && at < to) counted.set(session.id, { session, programme });
    }
  }
  const facts = (await programmeParticipations(ctx.db.knex, scope)).filter((f) => counted.has(f.sessionId));
  const eventsWithFacts = new Set(facts.map((f) => f.eventId));
  const sessionsWithFacts = new Set(facts.map((f) => f.sessionId));

  const regions = (await listRegions(ctx.db.knex)).filter((r) => canActInRegion(organizer, r.id));
  const regionIds = new Set(regions.map((r) => r.id));
  const municipalities = (await municipalitiesInOrder(ctx.db, lang)).filter((m) => regionIds.has(m.regionId));

  const listed = programmes.filter(
    (p) => (p.event.status !== 'draft' && p.event.status !== 'cancelled') || eventsWithFacts.has(p.event.id),
  );
  const sessionsShown = [...counted.values()]
    .filter(
      ({ session, programme }) =>
        (listed.includes(programme) && (session.regionId === null || canActInRegion(organizer, session.regionId))) ||
        sessionsWithFacts.has(session.id),
    )
    .sort((a, b) => a.session.startsAt.localeCompare(b.session.startsAt) || a.session.id - b.session.id);
  const eventsShown = listed
    .map((programme) => {
      const starts = sessionsShown.filter((s) => s.programme === programme).map((s) => s.session.startsAt);
      return { programme, first: starts[0] ?? null, last: starts.at(-1) ?? null };
    })
    .filter((e) => e.first !== null || eventsWithFacts.has(e.programme.event.id))
    .sort((a, b) => (a.first ?? '').localeCompare(b.first ?? '') || a.programme.event.id - b.programme.event.id);

  const byEvent = programmeTable(
    facts,
    eventsShown.map((e) => ({ key: String(e.programme.event.id), label: e.programme.event.title[lang] })),
    (f) => String(f.eventId),
  );
  const eventOf = new Map(eventsShown.map((e) => [String(e.programme.event.id), e]));
  const bySession = programmeTable(
    facts,
    sessionsShown.map(({ session }) => ({
      key: String(session.id),
      label: sessionLabel(session, lang, t('seminars.online')),
    })),
    (f) => String(f.sessionId),
  );
  const sessionOf = new Map(sessionsShown.map((s) => [String(s.session.id), s]));

  const starts = sessionsShown.map((s) => s.session.startsAt);
  return {
    madeAt: ctx.clock(),
    period: {
      from: period.from ?? (starts[0] ? rigaDay(starts[0]) : null),
      to: period.to ?? (starts.at(-1) ? rigaDay(starts.at(-1) ?? '') : null),
    },
    regions: scope ? regions.map((r) => ({ id: r.id, name: r.name[lang] })) : null,
    byRegion: programmeTable(
      facts,
      regions.map((r) => ({ key: r.id, label: r.name[lang] })),
      (f: Participation) => f.region,
    ),
    byMunicipality: programmeTable(
      facts,
      municipalities.map((m) => ({ key: m.id, label: m.name[lang] })),
      (f) => f.municipality,
    ),
    byRole: programmeTable(
      facts,
      ROLES.map((r) => ({ key: r, label: t(`role.${r}`) })),
      (f) => f.role,
    ),
    byEvent: {
      rows: byEvent.rows.map((r) => {
        const e = eventOf.get(r.key);
        return {
          ...r,
          slug: e?.programme.event.slug ?? '',
          firstSession: e?.first ?? null,
          lastSession: e?.last ?? null,
        };
      }),
      totals: byEvent.totals,
    },
    bySession: {
      rows: bySession.rows.map((r) => {
        const s = sessionOf.get(r.key);
        return {
          ...r,
          sessionId: Number(r.key),
          event: s?.programme.event.title[lang] ?? '',
          kind: s?.session.kind ?? 'plenary',
          startsAt: s?.session.startsAt ?? '',
        };
      }),
      totals: bySession.totals,
    },
    repeat: repeatParticipation(facts),
  };
}

/** "2026. gada 1. decembris – 2027. gada 15. janvāris", or "—" when nothing was counted. */
export function periodText(report: ProgrammeReport, lang: Lang): string {
  const day = (d: string | null) => (d ? formatDate(DateTime.fromISO(d, { zone: ZONE }).toJSDate(), lang) : '…');
  if (!report.period.from && !report.period.to) return '—';
  return `${day(report.period.from)} – ${day(report.period.to)}`;
}

/** The report as the JSON API answers it: times ISO 8601 in Riga time. */
export function programmeReportJson(report: ProgrammeReport) {
  const at = (iso: string | null) => (iso ? isoInZone(iso) : null);
  return {
    madeAt: isoInZone(report.madeAt),
    period: report.period,
    regions: report.regions,
    totals: report.byRegion.totals,
    byRegion: report.byRegion,
    byMunicipality: report.byMunicipality,
    byRole: report.byRole,
    byEvent: {
      rows: report.byEvent.rows.map((r) => ({
        ...r,
        firstSession: at(r.firstSession),
        lastSession: at(r.lastSession),
      })),
      totals: report.byEvent.totals,
    },
    bySession: {
      rows: report.bySession.rows.map((r) => ({ ...r, startsAt: at(r.startsAt) ?? '' })),
      totals: report.bySession.totals,
    },
    repeat: {
      rows: report.repeat,
      twoOrMore: report.repeat.filter((r) => r.events >= 2).reduce((n, r) => n + r.people, 0),
    },
  };
}

const COUNT_COLUMNS = ['people', 'registrations', 'repeaters'] as const;

/** One part of the report as a table to download. */
export function programmeReportTable(report: ProgrammeReport, part: ProgrammeTableName, lang: Lang): Table {
  const t = translator(lang);
  const meta: [string, string][] = [
    [t('programme.period'), periodText(report, lang)],
    [t('report.regions'), report.regions ? report.regions.map((r) => r.name).join(', ') : t('report.allRegions')],
    [t('programme.counted'), t('programme.countedWhat')],
  ];
  const title = `${t('programme.title')}: ${t(`programme.part.${part}` as MessageKey)}`;
  const counts = COUNT_COLUMNS.map((c) => ({ header: t(`programme.col.${c}` as MessageKey), type: 'count' as const }));
  const countCells = (r: ProgrammeTable['totals']) => COUNT_COLUMNS.map((c) => r[c]);
  const base = { title, madeAt: report.madeAt, meta };
  if (part === 'repeat') {
    return {
      ...base,
      columns: [
        { header: t('programme.col.events'), type: 'count', width: 20 },
        { header: t('programme.col.people'), type: 'count' },
      ],
      rows: report.repeat.map((r) => [r.events, r.people]),
      totals: [t('report.total'), report.repeat.reduce((n, r) => n + r.people, 0)],
    };
  }
  if (part === 'event') {
    return {
      ...base,
      columns: [
        { header: t('report.event'), width: 48 },
        { header: t('programme.col.first'), type: 'date' },
        { header: t('programme.col.last'), type: 'date' },
        ...counts,
      ],
      rows: report.byEvent.rows.map((r) => [
        r.label,
        r.firstSession ? new Date(r.firstSession) : null,
        r.lastSession ? new Date(r.lastSession) : null,
        ...countCells(r),
      ]),
      totals: [t('programme.totalUnique'), null, null, ...countCells(report.byEvent.totals)],
    };
  }
  if (part === 'session') {
    return {
      ...base,
      columns: [
        { header: t('programme.col.session'), width: 60 },
        { header: t('report.event'), width: 36 },
        { header: t('export.sessionKind'), width: 16 },
        { header: t('programme.col.startsAt'), type: 'datetime' },
        ...counts,
      ],
      rows: report.bySession.rows.map((r) => [
        r.label,
        r.event,
        t(`kind.${r.kind}`),
        r.startsAt ? new Date(r.startsAt) : null,
        ...countCells(r),
      ]),
      totals: [t('programme.totalUnique'), null, null, null, ...countCells(report.bySession.totals)],
    };
  }
  const table = { region: report.byRegion, municipality: report.byMunicipality, role: report.byRole }[part];
  return {
    ...base,
    columns: [{ header: t(`report.dim.${part}`), width: 36 }, ...counts],
    rows: table.rows.map((r) => [r.label, ...countCells(r)]),
    totals: [t('programme.totalUnique'), ...countCells(table.totals)],
  };
}

const PARTS: readonly ProgrammeTableName[] = ['region', 'municipality', 'role', 'event', 'session', 'repeat'];

/** The report as a download (audited, like every export): XLSX with every part, a CSV one part. */
export async function exportProgrammeReport(
  ctx: ServiceContext,
  organizer: Organizer,
  period: Period,
  as: ExportFormat,
  part: ProgrammeTableName,
  lang: Lang,
): Promise<Download> {
  const report = await programmeReport(ctx, organizer, period, lang);
  await audit(
    ctx.db.knex,
    {
      actor: organizer.email,
      action: 'export.programmeReport',
      targetType: 'programme',
      targetId: 'all',
      after: {
        from: period.from,
        to: period.to,
        format: as.format === 'csv' ? `csv-${as.dialect}` : as.format,
        ...(as.format === 'csv' ? { table: part } : {}),
      },
    },
    report.madeAt,
  );
  const t = translator(lang);
  const made = DateTime.fromJSDate(report.madeAt, { zone: ZONE }).toISODate() ?? '';
  const file = `programme-report${as.format === 'csv' ? `-${part}` : ''}-${made}`;
  if (as.format === 'xlsx') {
    return workbookDownload(
      PARTS.map((p) => ({ table: programmeReportTable(report, p, lang), sheet: t(`programme.part.${p}`) })),
      { file, madeAtLabel: t('report.madeAt') },
    );
  }
  return tableDownload(programmeReportTable(report, part, lang), as, {
    file,
    sheet: t(`programme.part.${part}`),
    madeAtLabel: t('report.madeAt'),
  });
}
