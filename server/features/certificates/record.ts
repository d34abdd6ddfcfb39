import { DateTime } from 'luxon';
import { findCertificate, type Certificate } from '../../db/certificates.js';
import { findRecordLink, insertRecordLink, recordLinksSince, validCertificateIdsOf } from '../../db/pdRecord.js';
import { documentOf, pdfFilename, verifyUrlOf, type PdfFile } from '../../documents/certificate.js';
import { renderCertificatePdf } from '../../documents/pdf.js';
import { renderRecordPdf, type RecordDocument } from '../../documents/recordPdf.js';
import type { Download } from '../../documents/download.js';
import { dateAlone, dateSpan, formatHours, hoursPhrase } from '../../domain/certificates.js';
import { AppError } from '../../domain/errors.js';
import { formatMoment, ZONE, type Lang } from '../../domain/time.js';
import { normalizeEmail } from '../../domain/types.js';
import { translator } from '../../i18n/index.js';
import { enqueue } from '../../mail/outbox.js';
import { TokenVault } from '../../security/tokens.js';
import type { ServiceContext } from '../../context.js';
import { CSV_TYPE, toCsv } from '../registrants/index.js';

/**
 * A teacher's professional-development record: every valid certificate of an e-mail
 * address, across all events, with the hours in total and in the last three years (a
 * teacher shows 36 hours in three years, Cabinet Regulation No. 569). The address asks on
 * `/certificates`; the answer is the same whether or not it is known, and only an address
 * that holds a certificate is sent a link, valid a week, kept as a hash. Whoever asks, at
 * most a few such e-mails an hour reach one mailbox; past that nothing more is sent, and
 * the links already sent keep working — nobody is locked out of their own record.
 */

export const RECORD_TTL_MS = 7 * 24 * 3600_000;
export const RECORD_MAILS_PER_HOUR = 3;

/** Sends the address a link to its record when it holds a valid certificate; otherwise nothing. */
export async function requestRecord(ctx: ServiceContext, typed: string, language: Lang): Promise<void> {
  const email = normalizeEmail(typed);
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    if ((await validCertificateIdsOf(trx, email)).length === 0) return;
    const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
    if ((await recordLinksSince(trx, email, hourAgo)) >= RECORD_MAILS_PER_HOUR) return;
    const token = TokenVault.create();
    const expiresAt = new Date(now.getTime() + RECORD_TTL_MS).toISOString();
    await insertRecordLink(trx, {
      email,
      tokenHash: TokenVault.hash(token),
      createdAt: now.toISOString(),
      expiresAt,
    });
    await enqueue(
      trx,
      {
        kind: 'pd_record_link',
        to: email,
        language,
        registrationId: null,
        // The link's token travels sealed: the outbox keeps nothing that opens it.
        payload: { sealed: ctx.tokens.seal(token), expiresAt },
      },
      now,
      ctx.mailDomain,
    );
  });
}

/** One certificate as the record lists it. */
export interface RecordEntry {
  id: number;
  number: string;
  holder: string;
  event: string;
  dates: string;
  hoursTenths: number;
  hours: string;
  issued: string;
  verifyUrl: string;
  /** The last day of the event, for the three years. */
  endsAt: string;
}

export interface PdRecord {
  email: string;
  expiresAt: string;
  validUntil: string;
  entries: RecordEntry[];
  totalTenths: number;
  lastThreeTenths: number;
  total: string;
  lastThree: string;
}

export type RecordLookup =
  { state: 'open'; record: PdRecord; certificates: Certificate[] } | { state: 'expired' | 'unknown' };

/** The record a link opens, in the reader's language; or why it does not open. Changes nothing. */
export async function recordByToken(ctx: ServiceContext, token: string, lang: Lang): Promise<RecordLookup> {
  if (!TokenVault.looksValid(token)) return { state: 'unknown' };
  const link = await findRecordLink(ctx.db.knex, TokenVault.hash(token));
  if (!link) return { state: 'unknown' };
  const now = ctx.clock();
  if (link.expiresAt <= now.toISOString()) return { state: 'expired' };
  const certificates: Certificate[] = [];
  for (const id of await validCertificateIdsOf(ctx.db.knex, link.email)) {
    const cert = await findCertificate(ctx.db.knex, id);
    if (cert) certificates.push(cert);
  }
  const entries = certificates.map((c) => entryOf(c, lang, ctx.baseUrl));
  const since = DateTime.fromJSDate(now).setZone(ZONE).minus({ years: 3 }).toUTC().toISO() ?? '';
  const totalTenths = entries.reduce((n, e) => n + e.hoursTenths, 0);
  const lastThreeTenths = entries.filter((e) => e.endsAt >= since).reduce((n, e) => n + e.hoursTenths, 0);
  return {
    state: 'open',
    certificates,
    record: {
      email: link.email,
      expiresAt: link.expiresAt,
      validUntil: formatMoment(link.expiresAt, lang),
      entries,
      totalTenths,
      lastThreeTenths,
      total: hoursPhrase(totalTenths, lang),
      lastThree: hoursPhrase(lastThreeTenths, lang),
    },
  };
}

function entryOf(c: Certificate, lang: Lang, baseUrl: string): RecordEntry {
  const { event } = c.content;
  return {
    id: c.id,
    number: c.numberText,
    holder: c.holderName,
    event: event.title[lang],
    // A list's value, not a sentence: "2027. gada 5. janvāris".
    dates: dateSpan(event.startsAt, event.endsAt, lang, 'nominative'),
    hoursTenths: c.hoursTenths,
    hours: hoursPhrase(c.hoursTenths, lang),
    issued: dateAlone(c.issuedAt, lang),
    verifyUrl: verifyUrlOf(baseUrl, c.verifyCode),
    endsAt: event.endsAt || c.issuedAt,
  };
}

async function openRecord(ctx: ServiceContext, token: string, lang: Lang) {
  const found = await recordByToken(ctx, token, lang);
  if (found.state !== 'open') throw new AppError('not_found');
  return found;
}

/** The record as a table: one row a certificate, then the totals (Excel in Latvian settings opens it). */
export async function recordCsv(ctx: ServiceContext, token: string, lang: Lang): Promise<Download> {
  const { record } = await openRecord(ctx, token, lang);
  const t = translator(lang);
  const body = toCsv(
    {
      title: t('record.listHeading'),
      madeAt: ctx.clock(),
      meta: [],
      columns: ['number', 'holder', 'event', 'dates', 'hours', 'issued', 'verify'].map((c) => ({
        header: t(`record.col.${c}` as Parameters<typeof t>[0]),
      })),
      rows: record.entries.map((e) => [
        e.number,
        e.holder,
        e.event,
        e.dates,
        formatHours(e.hoursTenths, lang),
        e.issued,
        e.verifyUrl,
      ]),
      totals: [
        t('record.total', { hours: '' }).replace(/:\s*$/, ''),
        null,
        null,
        null,
        formatHours(record.totalTenths, lang),
        null,
        null,
      ],
    },
    'excel',
  );
  return { filename: `${t('record.file')}.csv`, contentType: CSV_TYPE, body };
}

/** The record as a PDF to hand in: the list, the totals, when it was made. */
export async function recordPdf(ctx: ServiceContext, token: string, lang: Lang): Promise<Download> {
  const { record } = await openRecord(ctx, token, lang);
  const t = translator(lang);
  const doc: RecordDocument = {
    language: lang,
    email: record.email,
    madeOn: dateSpan(ctx.clock().toISOString(), ctx.clock().toISOString(), lang),
    entries: record.entries,
    total: record.total,
    lastThree: record.lastThree,
  };
  return { filename: `${t('record.file')}.pdf`, contentType: 'application/pdf', body: await renderRecordPdf(doc) };
}

/** One certificate of the record, as its PDF. */
export async function recordCertificatePdf(ctx: ServiceContext, token: string, id: number): Promise<PdfFile> {
  const { certificates } = await openRecord(ctx, token, 'lv');
  const cert = certificates.find((c) => c.id === id);
  if (!cert) throw new AppError('not_found');
  return { filename: pdfFilename(cert), body: await renderCertificatePdf(documentOf(cert, ctx.baseUrl)) };
}
