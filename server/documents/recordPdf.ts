import type { Lang } from '../domain/time.js';
import { translator } from '../i18n/index.js';
import { sansDocument } from './pdf.js';

/** A teacher's list of certificates, as the page shows it, to hand in (A4, DejaVu Sans as the certificates). */
export interface RecordDocument {
  language: Lang;
  email: string;
  madeOn: string;
  entries: { number: string; holder: string; event: string; dates: string; hours: string; verifyUrl: string }[];
  total: string;
  lastThree: string;
}

export async function renderRecordPdf(c: RecordDocument): Promise<Buffer> {
  const t = translator(c.language);
  const { doc, done } = sansDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: t('record.pdf.title'), Subject: c.email },
    lang: c.language,
  });
  const left = 56;
  const width = doc.page.width - 112;
  const ink = '#0b0c0c';
  const grey = '#505a5f';

  doc.font('Sans-Bold').fontSize(18).fillColor(ink).text(t('record.pdf.title'), left, 56, { width });
  doc.moveDown(0.3);
  doc
    .font('Sans')
    .fontSize(10)
    .fillColor(grey)
    .text(t('record.for', { email: c.email }), { width });
  doc.text(t('record.pdf.made', { date: c.madeOn }), { width });
  doc.moveDown(1);

  if (c.entries.length === 0) doc.font('Sans').fontSize(11).fillColor(ink).text(t('record.none'), { width });
  for (const e of c.entries) {
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.font('Sans-Bold').fontSize(12).fillColor(ink).text(e.event, left, doc.y, { width });
    doc.font('Sans').fontSize(10).fillColor(ink);
    doc.text(`${t('record.col.number')}: ${e.number} · ${t('record.col.holder')}: ${e.holder}`, { width });
    doc.text(`${t('record.col.dates')}: ${e.dates} · ${t('record.col.hours')}: ${e.hours}`, { width });
    doc.fillColor(grey).text(`${t('record.col.verify')}: ${e.verifyUrl}`, { width });
    doc.moveDown(0.8);
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor(grey)
    .stroke();
  doc.moveDown(0.5);
  doc
    .font('Sans-Bold')
    .fontSize(12)
    .fillColor(ink)
    .text(t('record.total', { hours: c.total }), left, doc.y, { width });
  doc.text(t('record.lastThree', { hours: c.lastThree }), { width });
  doc.moveDown(0.5);
  doc.font('Sans').fontSize(9).fillColor(grey).text(t('record.lastThreeHint'), { width });
  doc.text(t('record.pdf.verifyNote'), { width });
  doc.end();
  return done;
}
