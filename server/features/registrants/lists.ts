import {
  countRegistrants,
  listRegistrants,
  seatsOfRegistrations,
  waitingSeatsOfEvent,
  type ExportSeat,
  type RegistrantFilter,
  type RegistrantRow,
} from '../../db/registrants.js';
import { answersOfEvent } from '../../db/questions.js';
import { answerText, askedQuestions, type Question } from '../../domain/questions.js';
import { positionsOfWaiting } from '../../domain/waitlistOrder.js';
import type { Organizer } from '../../domain/organizers.js';
import type { Lang } from '../../domain/time.js';
import { coverageOf, type Programme } from '../../domain/types.js';
import { sessionLabel } from '../../domain/where.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import { recordAccess, type AccessAction } from '../privacy/index.js';
import type { ServiceContext } from '../../context.js';
import { phoneLine } from '../../domain/phone.js';
import { tableDownload, type Cell, type Download, type ExportFormat, type Table } from './exports.js';

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
  action: AccessAction,
  filter: RegistrantFilter,
  extra: Record<string, unknown>,
): Promise<void> {
  await recordAccess(
    ctx.db.knex,
    {
      actor: organizer.email,
      action,
      targetType: 'event',
      targetId: filter.eventId,
      detail: { filter: { ...filter, scope: undefined, eventId: undefined }, ...extra },
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
  const rows = await listRegistrants(
    ctx.db.knex,
    filter,
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
    lang,
    'name',
  );
  await auditLook(ctx, organizer, 'registrations.view', filter, { page });
  return { total, pages, page, rows };
}

/** The seats of a page's people, the plenary's too, in FIFO order: the list's "Sesijas" cell. */
export async function seatsByRegistration(
  ctx: ServiceContext,
  rows: readonly RegistrantRow[],
): Promise<Map<number, ExportSeat[]>> {
  const seats = await seatsOfRegistrations(
    ctx.db.knex,
    rows.map((r) => r.id),
    'lv',
  );
  const of = new Map<number, ExportSeat[]>();
  for (const s of seats) of.set(s.registrationId, [...(of.get(s.registrationId) ?? []), s]);
  return of;
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

/** The filters as a reader of the file sees them: "Reģions: Latgale", "Meklēt: ozola". */
function filterLines(filter: RegistrantFilter, programme: Programme, lang: Lang): [string, string][] {
  const t = translator(lang);
  const lines: [string, string][] = [[t('report.event'), programme.event.title[lang]]];
  const region = (id: string) => programme.regions.find((r) => r.id === id)?.name[lang] ?? id;
  if (filter.scope) lines.push([t('report.regions'), filter.scope.map(region).join(', ')]);
  if (filter.region) lines.push([t('report.dim.region'), region(filter.region)]);
  if (filter.sessionId) {
    const session = programme.sessions.find((s) => s.id === filter.sessionId);
    lines.push([
      t('export.session'),
      session ? sessionLabel(session, lang, t('seminars.online')) : String(filter.sessionId),
    ]);
  }
  if (filter.status) lines.push([t('admin.status'), filter.status]);
  if (filter.municipality) lines.push([t('report.dim.municipality'), filter.municipality]);
  if (filter.role) lines.push([t('report.dim.role'), t(`role.${filter.role}` as MessageKey)]);
  if (filter.q) lines.push([t('admin.search'), filter.q]);
  return lines;
}

/**
 * The questions an export has a column for: the asked ones in order, then the archived
 * ones somebody answered (their answers are still the person's data).
 */
function exportedQuestions(programme: Programme, answered: ReadonlySet<number>): Question[] {
  const archived = programme.questions.filter((q) => q.status === 'archived' && answered.has(q.id));
  return [...askedQuestions(programme.questions), ...archived];
}

/**
 * Every row of the list as a CSV or XLSX file: one row per person and session (a person
 * without seats has one row), with the seat's status, waitlist position and attendance,
 * then a column per question of the event with the person's answer as it reads (option
 * labels, "Jā"/"Nē"); times are date cells in XLSX and ISO 8601 in CSV.
 */
export async function exportRegistrants(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  filter: RegistrantFilter,
  as: ExportFormat,
  lang: Lang,
): Promise<Download> {
  const t = translator(lang);
  const people = await listRegistrants(ctx.db.knex, filter, { limit: EXPORT_LIMIT, offset: 0 }, lang);
  const seats = await seatsOfRegistrations(
    ctx.db.knex,
    people.map((p) => p.id),
    lang,
  );
  const positions = positionsOfWaiting(
    await waitingSeatsOfEvent(ctx.db.knex, programme.event.id),
    coverageOf(programme.quotas),
  );
  const answers = await answersOfEvent(ctx.db.knex, programme.event.id);
  const questions = exportedQuestions(programme, new Set([...answers.values()].flatMap((a) => [...a.keys()])));
  const answerCells = (registrationId: number): Cell[] =>
    questions.map((q) => answerText(q, answers.get(registrationId)?.get(q.id), lang) || null);
  const regionName = (id: string) => programme.regions.find((r) => r.id === id)?.name[lang] ?? id;
  // Sessions of one title (five seminars may share it) told apart by date and place.
  const sessionName = (seat: ExportSeat) => {
    const session = programme.sessions.find((x) => x.id === seat.sessionId);
    return session ? sessionLabel(session, lang, t('seminars.online')) : seat.title;
  };
  const seatsOf = new Map<number, ExportSeat[]>();
  for (const s of seats) seatsOf.set(s.registrationId, [...(seatsOf.get(s.registrationId) ?? []), s]);
  const rows: Cell[][] = [];
  for (const p of people) {
    const person: Cell[] = [
      p.id,
      p.name,
      p.email,
      p.phone ? phoneLine(p.phone) : null,
      p.institution,
      p.municipality,
      t(`role.${p.role}` as MessageKey),
      regionName(p.regionId),
      p.language === 'en' ? t('language.en') : t('language.lv'),
      t(`admin.registration.${p.status}` as MessageKey),
      new Date(p.createdAt),
    ];
    const own = seatsOf.get(p.id) ?? [];
    const answered = answerCells(p.id);
    if (own.length === 0) rows.push([...person, null, null, null, null, null, null, null, ...answered]);
    for (const s of own)
      rows.push([
        ...person,
        sessionName(s),
        t(`kind.${s.kind}` as MessageKey),
        new Date(s.startsAt),
        t(`export.seat.${s.status}` as MessageKey),
        positions.get(s.id) ?? null,
        s.attendedAt ? t('admin.yes') : t('admin.no'),
        s.attendedMinutes,
        ...answered,
      ]);
  }
  const now = ctx.clock();
  await auditLook(ctx, organizer, `export.${as.format}`, filter, { rows: people.length });
  const table: Table = {
    title: t('export.title', { event: programme.event.title[lang] }),
    madeAt: now,
    meta: filterLines(filter, programme, lang),
    columns: [
      { header: t('export.registration'), type: 'count', width: 12 },
      { header: t('form.name'), width: 28 },
      { header: t('form.email'), width: 30 },
      { header: t('form.phone'), width: 18 },
      { header: t('form.institution'), width: 30 },
      { header: t('form.municipality'), width: 22 },
      { header: t('form.role'), width: 24 },
      { header: t('event.region'), width: 12 },
      { header: t('form.language'), width: 12 },
      { header: t('export.registrationStatus'), width: 14 },
      { header: t('export.registeredAt'), type: 'datetime' },
      { header: t('export.session'), width: 40 },
      { header: t('export.sessionKind'), width: 16 },
      { header: t('export.sessionStarts'), type: 'datetime' },
      { header: t('export.seatStatus'), width: 14 },
      { header: t('export.position'), type: 'count', width: 12 },
      { header: t('export.attended'), width: 12 },
      { header: t('export.minutes'), type: 'count', width: 12 },
      ...questions.map((q) => ({ header: q.label[lang] || q.label.lv, width: q.type === 'long_text' ? 40 : 24 })),
    ],
    rows,
  };
  return tableDownload(table, as, {
    file: `${programme.event.slug}-registrations`,
    sheet: t('export.sheet'),
    madeAtLabel: t('report.madeAt'),
  });
}
