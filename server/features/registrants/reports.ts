import { answersOfActive } from '../../db/questionStats.js';
import {
  emptySessionCounts,
  registrationFacts,
  sessionSeatCounts,
  type SessionSeatCounts,
} from '../../db/reportFacts.js';
import { municipalitiesInOrder } from '../../db/programme.js';
import { AppError, invalid } from '../../domain/errors.js';
import { canActInRegion, regionScope, type Organizer } from '../../domain/organizers.js';
import {
  buildReport,
  chosenCounts,
  REPORT_COUNTS,
  REPORT_DIMENSIONS,
  type Report,
  type ReportCount,
  type ReportDimension,
  type ReportGroup,
} from '../../domain/report.js';
import { askedQuestions, chosenKeys, type Question, type QuestionType } from '../../domain/questions.js';
import type { Lang } from '../../domain/time.js';
import { ROLES, type Programme } from '../../domain/types.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import { audit } from '../../db/audit.js';
import { sessionLabel } from '../../domain/where.js';
import type { ServiceContext } from '../../context.js';
import { tableDownload, type Download, type ExportFormat, type Table } from './exports.js';

export { REPORT_DIMENSIONS, type ReportDimension };

/**
 * The funder's report of one event as an organizer may see it (a coordinator: their
 * regions only), with every region, municipality and role listed even when nobody is
 * in it: the funder compares tables, a missing row reads as missing data.
 */
export async function reportFor(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  by: ReportDimension,
  lang: Lang,
  region?: string,
): Promise<Report> {
  const scope = reportScope(organizer, programme, region);
  const inScope = (regionId: string) => !scope || scope.includes(regionId);
  const t = translator(lang);
  const facts = await registrationFacts(ctx.db.knex, programme.event.id, scope);
  let fixed: ReportGroup[] = [];
  if (by === 'region') {
    fixed = programme.regions.filter((r) => inScope(r.id)).map((r) => ({ key: r.id, label: r.name[lang] }));
  } else if (by === 'municipality') {
    const regionIds = new Set(programme.regions.map((r) => r.id).filter(inScope));
    fixed = (await municipalitiesInOrder(ctx.db, lang))
      .filter((m) => regionIds.has(m.regionId))
      .map((m) => ({ key: m.id, label: m.name[lang] }));
  } else if (by === 'role') {
    fixed = ROLES.map((r) => ({ key: r, label: t(`role.${r}`) }));
  }
  return buildReport(by, facts, fixed, false);
}

/** The counts asked for (`registered,people`); a name that is not a count is a field error. */
export function countsAsked(columns: string | undefined): ReportCount[] {
  const names = (columns ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const counts = chosenCounts(names);
  if (!counts) throw invalid({ columns: 'invalid_choice' });
  return counts;
}

/** The regions a report covers: the one asked for (which the organizer must be allowed), or all theirs. */
function reportScope(organizer: Organizer, programme: Programme, region?: string): string[] | undefined {
  if (!region) return regionScope(organizer);
  if (!canActInRegion(organizer, region)) throw new AppError('forbidden');
  if (!programme.regions.some((r) => r.id === region)) throw invalid({ region: 'invalid_choice' });
  return [region];
}

/** The regions a report covers, in words: "Kurzeme, Zemgale" or "all". */
function regionsText(programme: Programme, scope: string[] | undefined, lang: Lang): string {
  return scope
    ? programme.regions
        .filter((r) => scope.includes(r.id))
        .map((r) => r.name[lang])
        .join(', ')
    : translator(lang)('report.allRegions');
}

/** Hours are counted in tenths and shown in hours (3.5). */
const cell = (count: ReportCount, value: number): number => (count === 'attendedHoursTenths' ? value / 10 : value);

/** The report as a table: a column for the group, one for each count, and the totals. */
function reportTable(
  report: Report,
  counts: readonly ReportCount[],
  programme: Programme,
  scope: string[] | undefined,
  lang: Lang,
  now: Date,
): Table {
  const t = translator(lang);
  const regions = regionsText(programme, scope, lang);
  return {
    title: t('report.title', { event: programme.event.title[lang] }),
    madeAt: now,
    meta: [
      [t('report.groupedBy'), t(`report.dim.${report.by}`)],
      [t('report.regions'), regions],
    ],
    columns: [
      { header: t(`report.dim.${report.by}`), width: report.by === 'region' || report.by === 'role' ? 48 : 36 },
      ...counts.map((c) => ({
        header: t(`report.col.${c}` as MessageKey),
        type: c === 'attendedHoursTenths' ? ('hours' as const) : ('count' as const),
        width: 16,
      })),
    ],
    rows: report.rows.map((r) => [r.label, ...counts.map((c) => cell(c, r[c]))]),
    totals: [t('report.total'), ...counts.map((c) => cell(c, report.totals[c]))],
  };
}

/** Writes a download of the event's report to the audit log (as every export is); answers when. */
async function auditReportExport(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  as: ExportFormat,
  what: { by: string; region?: string; columns?: string },
): Promise<Date> {
  const now = ctx.clock();
  const format = as.format === 'csv' ? `csv-${as.dialect}` : as.format;
  await audit(
    ctx.db.knex,
    {
      actor: organizer.email,
      action: 'export.report',
      targetType: 'event',
      targetId: programme.event.id,
      after: { ...what, format },
    },
    now,
  );
  return now;
}

/** The report as a download (audited, like every export). */
export async function exportReport(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  by: ReportDimension,
  as: ExportFormat,
  lang: Lang,
  region?: string,
  counts: readonly ReportCount[] = REPORT_COUNTS,
): Promise<Download> {
  const report = await reportFor(ctx, organizer, programme, by, lang, region);
  const now = await auditReportExport(ctx, organizer, programme, as, { by, region, columns: counts.join(',') });
  const t = translator(lang);
  return tableDownload(
    reportTable(report, counts, programme, reportScope(organizer, programme, region), lang, now),
    as,
    {
      file: `${programme.event.slug}-report-${by}`,
      sheet: t(`report.dim.${by}`),
      madeAtLabel: t('report.madeAt'),
    },
  );
}

/** One session of an event with its places confirmed, on a waitlist, attended, joined only, and the minutes read. */
export interface SessionCounts extends SessionSeatCounts {
  sessionId: number;
  label: string;
  kind: Programme['sessions'][number]['kind'];
  startsAt: string;
}

/**
 * The event's report by session (a coordinator: their regions' registrations, and the
 * sessions of their regions or of every region), in order of time; sessions are named
 * with their day, time and place, so that two of one title are told apart.
 */
export async function sessionReport(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  lang: Lang,
  region?: string,
): Promise<SessionCounts[]> {
  const scope = reportScope(organizer, programme, region);
  const counts = await sessionSeatCounts(ctx.db.knex, programme.event.id, scope);
  return programme.sessions
    .filter(
      (s) =>
        counts.has(s.id) || (s.status !== 'cancelled' && (s.regionId === null || !scope || scope.includes(s.regionId))),
    )
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id)
    .map((s) => ({
      sessionId: s.id,
      label: sessionLabel(s, lang, translator(lang)('seminars.online')),
      kind: s.kind,
      startsAt: s.startsAt,
      ...(counts.get(s.id) ?? emptySessionCounts()),
    }));
}

/** The report by session as a download (audited, like every export). */
export async function exportSessionReport(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  as: ExportFormat,
  lang: Lang,
  region?: string,
): Promise<Download> {
  const rows = await sessionReport(ctx, organizer, programme, lang, region);
  const now = await auditReportExport(ctx, organizer, programme, as, { by: 'session', region });
  const t = translator(lang);
  const scope = reportScope(organizer, programme, region);
  const sum = (c: 'confirmed' | 'waitlisted' | 'attended' | 'joinedOnly') => rows.reduce((n, r) => n + r[c], 0);
  const minutes = rows.some((r) => r.minutes !== null) ? rows.reduce((n, r) => n + (r.minutes ?? 0), 0) : null;
  const table: Table = {
    title: t('report.sessions.title', { event: programme.event.title[lang] }),
    madeAt: now,
    meta: [
      [t('report.groupedBy'), t('programme.col.session')],
      [t('report.regions'), regionsText(programme, scope, lang)],
    ],
    columns: [
      { header: t('programme.col.session'), width: 60 },
      { header: t('export.sessionKind'), width: 16 },
      { header: t('programme.col.startsAt'), type: 'datetime' },
      { header: t('report.sessions.confirmed'), type: 'count', width: 16 },
      { header: t('report.col.waitlisted'), type: 'count' },
      { header: t('report.col.attended'), type: 'count' },
      { header: t('report.sessions.joinedOnly'), type: 'count', width: 18 },
      { header: t('report.sessions.minutes'), type: 'count', width: 18 },
    ],
    rows: rows.map((r) => [
      r.label,
      t(`kind.${r.kind}`),
      new Date(r.startsAt),
      r.confirmed,
      r.waitlisted,
      r.attended,
      r.joinedOnly,
      r.minutes,
    ]),
    totals: [
      t('report.total'),
      null,
      null,
      sum('confirmed'),
      sum('waitlisted'),
      sum('attended'),
      sum('joinedOnly'),
      minutes,
    ],
  };
  return tableDownload(table, as, {
    file: `${programme.event.slug}-report-session`,
    sheet: t('report.sessions'),
    madeAtLabel: t('report.madeAt'),
  });
}

/** A choice question's counts: how many answered it, and how many chose each option. */
export interface QuestionCounts {
  id: number;
  label: string;
  type: QuestionType;
  archived: boolean;
  answered: number;
  choices: { key: string; label: string; retired: boolean; count: number }[];
}

const COUNTED: readonly QuestionType[] = ['single_choice', 'multiple_choice', 'yes_no'];

/** The choices a question's answers are counted under, in the order the form offers them. */
function choicesOf(q: Question, lang: Lang): { key: string; label: string; retired: boolean }[] {
  if (q.type === 'yes_no') {
    const t = translator(lang);
    return [
      { key: 'yes', label: t('admin.yes'), retired: false },
      { key: 'no', label: t('admin.no'), retired: false },
    ];
  }
  return q.options.map((o) => ({ key: o.key, label: o.label[lang] || o.label.lv, retired: o.retired }));
}

/**
 * Counts per choice of the event's choice and yes/no questions among its active
 * registrations (a coordinator: their regions only): the asked questions in order, then
 * the archived ones somebody still active had answered.
 */
export async function questionCounts(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  lang: Lang,
  region?: string,
): Promise<QuestionCounts[]> {
  const scope = reportScope(organizer, programme, region);
  const answers = await answersOfActive(ctx.db.knex, programme.event.id, scope);
  const answeredIds = new Set(answers.map((a) => a.questionId));
  const archived = programme.questions.filter((q) => q.status === 'archived' && answeredIds.has(q.id));
  return [...askedQuestions(programme.questions), ...archived]
    .filter((q) => COUNTED.includes(q.type))
    .map((q) => {
      const own = answers.filter((a) => a.questionId === q.id);
      const chosen = own.flatMap((a) => chosenKeys(q, a.value));
      return {
        id: q.id,
        label: q.label[lang] || q.label.lv,
        type: q.type,
        archived: q.status === 'archived',
        answered: own.length,
        choices: choicesOf(q, lang).map((c) => ({ ...c, count: chosen.filter((k) => k === c.key).length })),
      };
    });
}
