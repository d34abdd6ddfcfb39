import { stringify } from 'csv-stringify/sync';
import type { RegistrantRow } from '../db/registrants.js';
import { formatDay, formatTime, type Lang } from '../domain/time.js';
import type { Translate } from '../i18n/index.js';

export type Table = { headers: string[]; rows: (string | number)[][] };

/** Spreadsheet programs run cells that start like a formula: neutralise them. */
function safeCell(v: string | number): string | number {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** UTF-8 with a BOM, so that Excel opens Latvian letters correctly. */
export function toCsv(table: Table): Buffer {
  const body = stringify([table.headers, ...table.rows.map((r) => r.map(safeCell))], { record_delimiter: '\r\n' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}

/**
 * exceljs is loaded on the first XLSX export, not at start: it is the largest module of
 * the app (~15 MB of resident memory) and only organizers' exports need it.
 */
export async function toXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(safeCell));
  sheet.columns.forEach((c) => (c.width = 22));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function registrantTable(
  rows: RegistrantRow[],
  t: Translate,
  lang: Lang,
  regionName: (id: string) => string,
): Table {
  const when = (iso: string) => `${formatDay(iso, lang)} ${formatTime(iso, lang)}`;
  return {
    headers: [
      'ID',
      t('form.name'),
      t('form.email'),
      t('form.institution'),
      t('form.municipality'),
      t('form.role'),
      t('event.region'),
      t('form.language'),
      t('admin.status'),
      t('admin.sessions'),
      t('admin.registeredAt'),
      t('admin.attended'),
    ],
    rows: rows.map((r) => [
      r.id,
      r.name,
      r.email,
      r.institution,
      r.municipality,
      t(`role.${r.role}` as Parameters<Translate>[0]),
      regionName(r.regionId),
      r.language,
      t(`admin.registration.${r.status}` as Parameters<Translate>[0]),
      r.seats
        .map(
          (s) =>
            `${s.title} (${t(`manage.status.${s.status}` as Parameters<Translate>[0], { position: '' }).replace(/:.*$/, '')})`,
        )
        .join('; '),
      when(r.createdAt),
      r.seats.some((s) => s.attended) ? t('admin.yes') : t('admin.no'),
    ]),
  };
}

/** A file for an organizer to download. */
export interface Download {
  filename: string;
  contentType: string;
  body: Buffer;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A table as a CSV or XLSX download. */
export async function tableDownload(
  table: Table,
  format: 'csv' | 'xlsx',
  name: { file: string; sheet: string },
): Promise<Download> {
  return format === 'csv'
    ? { filename: `${name.file}.csv`, contentType: CSV_TYPE, body: toCsv(table) }
    : { filename: `${name.file}.xlsx`, contentType: XLSX_TYPE, body: await toXlsx(table, name.sheet) };
}
