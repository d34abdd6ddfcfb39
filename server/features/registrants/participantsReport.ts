import { attendedFacts, participantEvents } from '../../db/participantData.js';
import { audit } from '../../db/audit.js';
import { AppError } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import {
  countPeople,
  DISADVANTAGES,
  FLAG_ANSWERS,
  PARTICIPANT_QUESTION_NAMES,
  PARTICIPANT_QUESTIONS,
  type ParticipantCounts,
} from '../../domain/participantData.js';
import type { Lang } from '../../domain/time.js';
import { translator, type MessageKey } from '../../i18n/index.js';
import type { ServiceContext } from '../../context.js';
import { tableDownload, type Cell, type Column, type Download, type ExportFormat, type Table } from './exports.js';

/**
 * The ESF+ participants report: per event that asks for participant data (an "activity")
 * and in total, the people who attended at least one session that is not the open
 * plenary — a person being a lower-cased e-mail address, or a registration without one —
 * each counted once, by their latest data (domain/participantData.ts).
 *
 * Admins only: it is the programme's report to the funder, across all regions, and its
 * cells count special categories of data; a coordinator's few people in a region could be
 * told apart in it.
 */
export interface ParticipantsReport {
  activities: ({ slug: string; title: string } & ParticipantCounts)[];
  total: ParticipantCounts;
}

export async function participantsReport(
  ctx: ServiceContext,
  organizer: Organizer,
  lang: Lang,
): Promise<ParticipantsReport> {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
  const events = await participantEvents(ctx.db.knex);
  const facts = await attendedFacts(
    ctx.db.knex,
    events.map((e) => e.id),
  );
  return {
    activities: events.map((e) => ({
      slug: e.slug,
      title: e.title[lang],
      ...countPeople(facts.filter((f) => f.eventId === e.id)),
    })),
    total: countPeople(facts),
  };
}

/** The report's columns after the activity's: the count of people, then each answer of each question and flag. */
function countColumns(t: (key: MessageKey) => string): { columns: Column[]; cells: (c: ParticipantCounts) => Cell[] } {
  const columns: Column[] = [{ header: t('esf.report.participants'), type: 'count', width: 14 }];
  for (const q of PARTICIPANT_QUESTION_NAMES) {
    for (const a of PARTICIPANT_QUESTIONS[q]) {
      columns.push({
        header: `${t(`esf.q.${q}` as MessageKey)}: ${t(`esf.a.${q}.${a}` as MessageKey)}`,
        type: 'count',
      });
    }
  }
  for (const d of DISADVANTAGES) {
    for (const a of FLAG_ANSWERS) {
      columns.push({
        header: `${t(`esf.report.flag.${d}` as MessageKey)}: ${t(`esf.flagAnswer.${a}` as MessageKey)}`,
        type: 'count',
      });
    }
  }
  const cells = (c: ParticipantCounts): Cell[] => [
    c.participants,
    ...PARTICIPANT_QUESTION_NAMES.flatMap((q) =>
      PARTICIPANT_QUESTIONS[q].map((a) => (c[q] as Record<string, number>)[a] ?? 0),
    ),
    ...DISADVANTAGES.flatMap((d) => FLAG_ANSWERS.map((a) => c.disadvantages[d][a])),
  ];
  return { columns, cells };
}

/**
 * The report as a table: a row an activity, then the total as a row of its own (not a sum:
 * a person in two activities is one person in it), so that every format carries it.
 */
function reportTable(report: ParticipantsReport, lang: Lang, now: Date): Table {
  const t = translator(lang);
  const { columns, cells } = countColumns(t);
  return {
    title: t('esf.report.title'),
    madeAt: now,
    meta: [],
    columns: [{ header: t('esf.report.activity'), width: 48 }, { header: t('esf.report.slug'), width: 24 }, ...columns],
    rows: [
      ...report.activities.map((a) => [a.title, a.slug, ...cells(a)]),
      [t('esf.report.total'), '', ...cells(report.total)],
    ],
  };
}

/** The report as a download (audited, like every export). */
export async function exportParticipantsReport(
  ctx: ServiceContext,
  organizer: Organizer,
  as: ExportFormat,
  lang: Lang,
): Promise<Download> {
  const report = await participantsReport(ctx, organizer, lang);
  const now = ctx.clock();
  await audit(
    ctx.db.knex,
    {
      actor: organizer.email,
      action: 'export.participants',
      targetType: 'report',
      targetId: 'participants',
      after: { format: as.format === 'csv' ? `csv-${as.dialect}` : as.format },
    },
    now,
  );
  const t = translator(lang);
  return tableDownload(reportTable(report, lang, now), as, {
    file: 'esf-participants',
    sheet: t('esf.report.sheet'),
    madeAtLabel: t('esf.report.madeAt'),
  });
}
