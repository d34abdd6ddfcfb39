import type { Download } from '../../documents/download.js';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { isoInZone, ZONE } from '../../domain/time.js';

/**
 * Tables organizers download: CSV in two dialects and XLSX.
 * - `comma`: RFC 4180 for software (comma, CRLF, UTF-8 without BOM), dates ISO 8601;
 * - `excel`: what Excel in Latvian settings splits into columns on a double click
 *   (semicolon, UTF-8 with BOM so the letters survive), dates and times in Riga time as
 *   `2026-12-11 09:30` and `2026-12-11`, which Excel reads as dates in any regional
 *   setting (an offset or a `T` would leave them text);
 * - XLSX: a title row, when it was made (Riga time), the filters used, then a bold
 *   frozen header, number formats, real date cells and column widths.
 */

export type Cell = string | number | Date | null;
export type ColumnType = 'text' | 'count' | 'hours' | 'datetime' | 'date';
export interface Column {
  header: string;
  type?: ColumnType;
  /** Width in characters (XLSX). */
  width?: number;
}
export interface Table {
  /** "Dalībnieku pārskats: „Skola. Vecāki. Bērni”" */
  title: string;
  /** When it was made. */
  madeAt: Date;
  /** Lines under the title: [label, value], e.g. the filters used. */
  meta: [string, string][];
  columns: Column[];
  rows: Cell[][];
  /** A last row of sums (XLSX and the Excel dialect; software gets the rows only). */
  totals?: Cell[];
}

export type CsvDialect = 'comma' | 'excel';

/** Spreadsheet programs run cells that start like a formula: neutralise them. */
function safeCell(v: string | number): string | number {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** An instant as the day or the minute it is in Riga: `2026-12-11`, `2026-12-11 09:30`. */
function rigaText(at: Date, type: 'date' | 'datetime'): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat(type === 'date' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm');
}

function csvCell(v: Cell, dialect: CsvDialect, type: ColumnType | undefined): string | number {
  if (v === null) return '';
  // Excel in Latvian settings reads a decimal comma (3,5 hours), software a point.
  if (typeof v === 'number' && dialect === 'excel' && !Number.isInteger(v)) return String(v).replace('.', ',');
  if (v instanceof Date) {
    if (type === 'date') return rigaText(v, 'date');
    return dialect === 'excel' ? rigaText(v, 'datetime') : isoInZone(v);
  }
  return safeCell(v);
}

export function toCsv(table: Table, dialect: CsvDialect): Buffer {
  const records = [table.columns.map((c) => c.header), ...table.rows];
  if (dialect === 'excel' && table.totals) records.push(table.totals);
  const body = stringify(
    records.map((r, n) => r.map((v, i) => csvCell(v, dialect, n === 0 ? 'text' : table.columns[i]?.type))),
    { record_delimiter: '\r\n', delimiter: dialect === 'excel' ? ';' : ',' },
  );
  const bytes = Buffer.from(body, 'utf8');
  return dialect === 'excel' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

/**
 * An instant as a spreadsheet date cell showing Riga wall-clock time: spreadsheets have no
 * time zones, so the cell holds the local time as if it were UTC.
 */
export function rigaCell(at: Date): Date {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

const FORMATS: Record<ColumnType, string | undefined> = {
  text: undefined,
  count: '#,##0',
  hours: '#,##0.0',
  datetime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
};

/** A Riga day as a spreadsheet date cell (midnight, no time). */
function rigaDayCell(at: Date): Date {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  return new Date(Date.UTC(local.year, local.month - 1, local.day));
}

/**
 * exceljs is loaded on the first XLSX export, not at start: it is the largest module of
 * the app (~15 MB of resident memory) and only organizers' exports need it.
 */
export async function toXlsx(table: Table, sheetName: string, madeAtLabel: string): Promise<Buffer> {
  return toWorkbook([{ table, sheet: sheetName }], madeAtLabel);
}

/** Several tables as one workbook, a sheet each (a report of several parts). */
export async function toWorkbook(
  sheets: readonly { table: Table; sheet: string }[],
  madeAtLabel: string,
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = sheets[0]?.table.madeAt ?? new Date();
  for (const { table, sheet: sheetName } of sheets) {
    const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
    sheet.addRow([table.title]).font = { bold: true, size: 14 };
    const made = sheet.addRow([madeAtLabel, rigaCell(table.madeAt)]);
    made.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    made.getCell(2).alignment = { horizontal: 'left' };
    for (const [label, value] of table.meta) sheet.addRow([label, safeCell(value)]);
    sheet.addRow([]);
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    const headerRow = header.number;
    const cell = (v: Cell, i: number) =>
      v instanceof Date
        ? table.columns[i]?.type === 'date'
          ? rigaDayCell(v)
          : rigaCell(v)
        : v === null
          ? null
          : safeCell(v);
    for (const row of table.rows) sheet.addRow(row.map(cell));
    if (table.totals) sheet.addRow(table.totals.map(cell)).font = { bold: true };
    table.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = c.width ?? (c.type === 'count' ? 14 : c.type === 'datetime' ? 18 : c.type === 'date' ? 12 : 24);
      const numFmt = FORMATS[c.type ?? 'text'];
      if (numFmt) {
        for (let r = headerRow + 1; r <= sheet.rowCount; r++) sheet.getCell(r, i + 1).numFmt = numFmt;
      }
    });
    sheet.views = [{ state: 'frozen', ySplit: headerRow }];
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type { Download };

export const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ExportFormat = { format: 'csv'; dialect: CsvDialect } | { format: 'xlsx' };

/** A table as a CSV or XLSX download. */
export async function tableDownload(
  table: Table,
  as: ExportFormat,
  name: { file: string; sheet: string; madeAtLabel: string },
): Promise<Download> {
  if (as.format === 'csv') {
    const suffix = as.dialect === 'excel' ? '-excel' : '';
    return { filename: `${name.file}${suffix}.csv`, contentType: CSV_TYPE, body: toCsv(table, as.dialect) };
  }
  return {
    filename: `${name.file}.xlsx`,
    contentType: XLSX_TYPE,
    body: await toXlsx(table, name.sheet, name.madeAtLabel),
  };
}

/** Several tables as one XLSX workbook, a sheet each. */
export async function workbookDownload(
  sheets: readonly { table: Table; sheet: string }[],
  name: { file: string; madeAtLabel: string },
): Promise<Download> {
  return { filename: `${name.file}.xlsx`, contentType: XLSX_TYPE, body: await toWorkbook(sheets, name.madeAtLabel) };
}
