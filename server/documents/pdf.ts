import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { dateAlone, dateSpan, formatHours, hoursPhrase } from '../domain/certificates.js';
import { ZONE, type Lang } from '../domain/time.js';
import { translator } from '../i18n/index.js';
import type { CertificateSeal } from './seal.js';

/**
 * The certificate as an A4 PDF, made with pdfkit: DejaVu Sans embedded (a subset of the
 * glyphs used, with a ToUnicode map, so every Latvian letter prints and copies out as
 * itself) and the verification URL as a QR code drawn from the qrcode library's matrix.
 */

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;
/**
 * DejaVu Sans from the dejavu-fonts-ttf package (Bitstream Vera/DejaVu licence, in the
 * package), read once per process. pdfkit parses it for each document: sharing one parsed
 * fontkit font between documents lost glyphs from later subsets ("Līga" printed as
 * "Lī a"), so each certificate pays the ~50 ms parse for a correct subset.
 */
export function fontFiles(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/**
 * A PDF document of ours: DejaVu Sans registered as "Sans" and "Sans-Bold" (every letter of
 * Latvian and most scripts), and its bytes once it ends.
 */
export function sansDocument(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const { regular, bold } = fontFiles();
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('Sans', regular);
  doc.registerFont('Sans-Bold', bold);
  return { doc, done };
}

export interface CertificateDocument {
  language: Lang;
  numberText: string;
  holderName: string;
  hoursTenths: number;
  issuedAt: string;
  verifyUrl: string;
  event: { title: Record<Lang, string>; startsAt: string; endsAt: string };
  sessions: { title: Record<Lang, string>; startsAt: string; endsAt: string; hoursTenths: number }[];
  issuer: Record<Lang, string>;
  signatoryName: string;
  signatoryTitle: Record<Lang, string>;
  approvalNumber: string | null;
  approvalDate?: string | null;
  approvalAuthority?: Record<Lang, string>;
  /** A template preview: marked as a sample across the page. */
  sample?: boolean;
}

const shortDate = (iso: string, lang: Lang) =>
  DateTime.fromISO(iso, { zone: 'utc' })
    .setZone(ZONE)
    .toFormat(lang === 'lv' ? 'dd.MM.yyyy.' : 'd MMM yyyy');

/** "VISC, 01.09.2026., Nr. 2026/42": the programme approval's authority, date and number, as far as set. */
function approvalDetails(c: CertificateDocument, lang: Lang): string {
  const t = translator(lang);
  const day = c.approvalDate ? DateTime.fromISO(c.approvalDate, { zone: 'utc' }) : null;
  return [
    c.approvalAuthority?.[lang] ?? '',
    day?.isValid ? day.setLocale(lang).toFormat(lang === 'lv' ? 'dd.MM.yyyy.' : 'd MMMM yyyy') : '',
    c.approvalNumber ? t('pd.cert.approvalNumber', { number: c.approvalNumber }) : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** Letters of right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LTR = /(?![\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])[\p{L}\p{N}]/u;

/**
 * The words of a line in the order they stand on the page, left to right (the Unicode
 * bidirectional rule as far as a name needs it): runs of one direction, a neutral word
 * joining the run before it, the line's direction from its first strong letter; the runs
 * of a right-to-left line, and the words of a right-to-left run, go right to left. Each
 * word is then drawn by itself (fontkit orders the letters within it), so a reader such
 * as pdftotext finds the spaces between them.
 */
export function visualWords(words: readonly string[]): string[] {
  const dirOf = (w: string): 'rtl' | 'ltr' | null => (RTL.test(w) ? 'rtl' : LTR.test(w) ? 'ltr' : null);
  const line = words.map(dirOf).find((d) => d !== null) ?? 'ltr';
  const runs: { dir: 'rtl' | 'ltr'; words: string[] }[] = [];
  for (const w of words) {
    const dir = dirOf(w) ?? runs.at(-1)?.dir ?? line;
    const last = runs.at(-1);
    if (last?.dir === dir) last.words.push(w);
    else runs.push({ dir, words: [w] });
  }
  const ordered = line === 'rtl' ? runs.reverse() : runs;
  return ordered.flatMap((r) => (r.dir === 'rtl' ? [...r.words].reverse() : r.words));
}

const NAME_SIZE = 24;
const NAME_MIN_SIZE = 10;

/**
 * The holder's name, centred in bold: at 24 pt when it fits one line, smaller down to
 * 10 pt until it does, and past that on as many lines as it needs (a word too long for a
 * line shrinks further), so that any name keeps the certificate to one page.
 */
function nameLines(doc: PDFKit.PDFDocument, name: string, left: number, width: number): void {
  doc.font('Sans-Bold').fontSize(NAME_SIZE);
  const words = name.split(/\s+/).filter(Boolean);
  const whole = doc.widthOfString(words.join(' '));
  let size = Math.max(NAME_MIN_SIZE, Math.min(NAME_SIZE, Math.floor((NAME_SIZE * width) / whole)));
  const longest = Math.max(...words.map((w) => doc.widthOfString(w)));
  if ((longest * size) / NAME_SIZE > width) size = (NAME_SIZE * width) / longest;
  doc.fontSize(size);
  const space = doc.widthOfString(' ');
  const lines: string[][] = [];
  for (const w of words) {
    const line = lines.at(-1);
    const used = line ? doc.widthOfString(line.join(' ')) : 0;
    if (line && used + space + doc.widthOfString(w) <= width) line.push(w);
    else lines.push([w]);
  }
  let y = doc.y;
  for (const line of lines) {
    const ordered = visualWords(line);
    const total = ordered.reduce((n, w) => n + doc.widthOfString(w), 0) + space * (ordered.length - 1);
    let x = left + (width - total) / 2;
    for (const w of ordered) {
      doc.text(w, x, y, { lineBreak: false });
      x += doc.widthOfString(w) + space;
    }
    y += doc.currentLineHeight(true);
  }
  doc.x = left;
  doc.y = y;
}

/** fontkit (pdfkit's own font reader; it ships no types): whether the font has a glyph for a character. */
let boldGlyphs: { hasGlyphForCodePoint(cp: number): boolean } | null = null;

/**
 * The characters of `text` the certificate's font cannot print (DejaVu Sans Bold has
 * Latin, Greek, Cyrillic, Hebrew, Arabic and more, but no Chinese, Japanese or Korean),
 * each once, in order. Registration for an event that issues certificates refuses a name
 * with any.
 */
export function unprintableCharacters(text: string): string[] {
  boldGlyphs ??= (require('fontkit') as { create(b: Buffer): typeof boldGlyphs }).create(fontFiles().bold);
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/u.test(ch) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    if (!boldGlyphs?.hasGlyphForCodePoint(cp)) out.add(ch);
  }
  return [...out];
}

const quoted = (s: string, lang: Lang) => (lang === 'lv' ? `„${s}”` : `“${s}”`);

/** The certificate as a PDF; with a seal, signed with it (PAdES). */
export async function renderCertificatePdf(c: CertificateDocument, seal?: CertificateSeal | null): Promise<Buffer> {
  const lang = c.language;
  const t = translator(lang);
  const { doc, done } = sansDocument({
    size: 'A4',
    margins: { top: 56, bottom: 40, left: 56, right: 56 },
    info: {
      Title: `${t('pd.cert.title')} ${c.numberText}`,
      Author: c.issuer[lang],
      Subject: c.event.title[lang],
    },
    lang,
  });
  const left = 56;
  const width = doc.page.width - 112;
  const ink = '#0b0c0c';
  const grey = '#505a5f';

  // A frame, as printed certificates have.
  doc
    .lineWidth(1.5)
    .strokeColor('#1d70b8')
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .stroke();

  if (c.sample) {
    doc.save().rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc.font('Sans-Bold').fontSize(90).fillColor('#f3f2f1');
    doc.text(t('pd.cert.sample'), 0, doc.page.height / 2 - 60, { width: doc.page.width, align: 'center' });
    doc.restore();
  }

  doc.font('Sans').fontSize(10).fillColor(grey).text(c.issuer[lang], left, 56, { width, align: 'center' });
  doc.moveDown(2.2);
  doc
    .font('Sans-Bold')
    .fontSize(30)
    .fillColor(ink)
    .text(t('pd.cert.title').toLocaleUpperCase(lang), { width, align: 'center' });
  doc.font('Sans').fontSize(12).fillColor(grey).text(t('pd.cert.subtitle'), { width, align: 'center' });
  doc.moveDown(0.4);
  doc
    .font('Sans')
    .fontSize(11)
    .fillColor(ink)
    .text(t('pd.cert.number', { number: c.numberText }), { width, align: 'center' });
  doc.moveDown(1.6);
  doc.font('Sans').fontSize(12).text(t('pd.cert.certifies'), { width, align: 'center' });
  doc.moveDown(0.5);
  nameLines(doc, c.holderName, left, width);
  doc.moveDown(0.5);
  doc.font('Sans').fontSize(12).text(t('pd.cert.tookPart'), { width, align: 'center' });
  doc.moveDown(0.3);
  doc.font('Sans-Bold').fontSize(16).text(quoted(c.event.title[lang], lang), { width, align: 'center' });
  doc
    .font('Sans')
    .fontSize(12)
    .text(dateSpan(c.event.startsAt, c.event.endsAt, lang), { width, align: 'center' });
  doc.moveDown(1.4);

  // The attended sessions and their hours.
  const col = { title: left, date: left + width - 170, hours: left + width - 70 };
  const header = doc.y;
  doc.font('Sans-Bold').fontSize(10).fillColor(grey);
  doc.text(t('pd.cert.session'), col.title, header, { width: col.date - col.title - 10 });
  doc.text(t('pd.cert.date'), col.date, header, { width: 90 });
  doc.text(t('pd.cert.hours'), col.hours, header, { width: 70, align: 'right' });
  doc
    .moveTo(left, doc.y + 3)
    .lineTo(left + width, doc.y + 3)
    .lineWidth(0.5)
    .strokeColor(grey)
    .stroke();
  doc.moveDown(0.5);
  doc.font('Sans').fontSize(10).fillColor(ink);
  for (const s of c.sessions) {
    const y = doc.y;
    doc.text(s.title[lang], col.title, y, { width: col.date - col.title - 10 });
    const after = doc.y;
    doc.text(shortDate(s.startsAt, lang), col.date, y, { width: 90 });
    doc.text(formatHours(s.hoursTenths, lang), col.hours, y, { width: 70, align: 'right' });
    doc.y = Math.max(after, doc.y) + 4;
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor(grey)
    .stroke();
  doc.moveDown(0.4);
  doc
    .font('Sans-Bold')
    .fontSize(12)
    .text(t('pd.cert.total', { hours: hoursPhrase(c.hoursTenths, lang) }), left, doc.y, {
      width,
      align: 'right',
    });
  doc.moveDown(1.2);
  doc.font('Sans').fontSize(10).fillColor(ink);
  const approval = approvalDetails(c, lang);
  if (approval) doc.text(t('pd.cert.approval', { details: approval }), left, doc.y, { width });
  doc.text(t('pd.cert.issuedOn', { date: dateAlone(c.issuedAt, lang) }), left, doc.y, { width });

  // Signature, then the QR code and the verification address at the foot of the page.
  const foot = doc.page.height - 56 - 110;
  const signY = Math.max(doc.y + 30, foot - 120);
  doc
    .moveTo(left + width - 220, signY + 30)
    .lineTo(left + width, signY + 30)
    .lineWidth(0.7)
    .strokeColor(ink)
    .stroke();
  doc
    .font('Sans-Bold')
    .fontSize(11)
    .text(c.signatoryName, left + width - 220, signY + 36, { width: 220, align: 'center' });
  doc.font('Sans').fontSize(9).fillColor(grey).text(c.signatoryTitle[lang], { width: 220, align: 'center' });
  doc.text(c.issuer[lang], { width: 220, align: 'center' });

  const qr = QRCode.create(c.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const cell = 100 / (size + 8);
  const qx = left;
  const qy = foot;
  doc.rect(qx, qy, 100, 100).fill('#ffffff');
  for (let r = 0; r < size; r++) {
    for (let k = 0; k < size; k++) {
      if (qr.modules.data[r * size + k]) doc.rect(qx + (k + 4) * cell, qy + (r + 4) * cell, cell, cell);
    }
  }
  doc.fill(ink);
  doc
    .font('Sans')
    .fontSize(9)
    .fillColor(grey)
    .text(t('pd.cert.verify'), qx + 112, qy + 30, { width: width - 112 });
  doc
    .font('Sans')
    .fontSize(9)
    .fillColor(ink)
    .text(c.verifyUrl, { width: width - 112, link: c.verifyUrl });

  if (seal) addSignaturePlaceholder(doc, seal, issuedAt(c));
  doc.end();
  const pdf = await done;
  return seal ? seal.seal(pdf) : pdf;
}

/** The seal's time: when the certificate was issued (a sample: now). */
const issuedAt = (c: CertificateDocument): Date => (c.sample ? new Date() : new Date(c.issuedAt));

/** The parts of pdfkit's document the signature's form field is made of. */
interface PdfKitForms {
  ref(data: Record<string, unknown>): PdfKitRef;
  initForm(): void;
  _acroform?: unknown;
  _root: { data: { AcroForm: PdfKitRef } };
  page: { dictionary: PdfKitRef; annotations: PdfKitRef[] };
}
interface PdfKitRef {
  data: Record<string, unknown>;
  end(): void;
}

/**
 * An invisible signature field on the page and its signature dictionary, with a byte
 * range and contents for @signpdf/signpdf to fill (as @signpdf/placeholder-pdfkit makes
 * them, here with SubFilter ETSI.CAdES.detached: a PAdES signature).
 */
function addSignaturePlaceholder(pdf: PDFKit.PDFDocument, seal: CertificateSeal, at: Date): void {
  const doc = pdf as unknown as PdfKitForms;
  const signature = doc.ref({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
    ByteRange: [0, DEFAULT_BYTE_RANGE_PLACEHOLDER, DEFAULT_BYTE_RANGE_PLACEHOLDER, DEFAULT_BYTE_RANGE_PLACEHOLDER],
    Contents: Buffer.alloc(seal.signatureLength),
    M: at,
    Name: new String(seal.name),
  });
  if (!doc._acroform) doc.initForm();
  const form = doc._root.data.AcroForm;
  const fields = form.data.Fields as PdfKitRef[];
  form.data = { Type: 'AcroForm', SigFlags: 3, Fields: fields, DR: form.data.DR };
  const widget = doc.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [0, 0, 0, 0],
    F: 132, // hidden from print and view (Print | Locked)
    V: signature,
    T: new String(`Signature${fields.length + 1}`),
    P: doc.page.dictionary,
  });
  doc.page.annotations.push(widget);
  fields.push(widget);
  signature.end();
  widget.end();
}
