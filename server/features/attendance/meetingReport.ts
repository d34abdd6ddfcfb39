import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { invalid } from '../../domain/errors.js';
import type { Interval } from '../../domain/attendance.js';

/**
 * Reading a meeting's own attendance report, as the meeting service exports it:
 *
 * - Zoom's participants CSV ("Name (Original Name)", "User Email", "Join Time", "Leave
 *   Time", "Duration (Minutes)", "Guest"), with or without the meeting block above it
 *   ("Meeting ID", "Topic", "Start Time", …), US ("12/11/2026 09:58:03 AM") or ISO dates,
 *   UTF-8 with or without a BOM: one row a connection;
 * - Microsoft Teams' attendance report, UTF-16 LE or UTF-8, tab- or comma-separated, in
 *   sections: "1. Summary" (key and value), "2. Participants" ("Name", "First Join", "Last
 *   Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role") and "3. In-Meeting
 *   Activities" ("Name", "Join Time", "Leave Time", "Duration", "Email", "Role"), one row a
 *   join. Where the activities are there they give the intervals; otherwise a participant's
 *   first join to last leave, capped at their time in the meeting.
 *
 * Times without an offset are read in the event's time zone, unless the file names one (a
 * "Time zone" row, or an offset in the time itself). The file is parsed with csv-parse; a
 * file with no table of joins is refused with the columns it needs.
 */

/** One connection, or one participant's span, as the report gives it. */
export interface ReportRow {
  name: string;
  email: string | null;
  intervals: Interval[];
  /** Minutes in the meeting, where the row gives a span (first join to last leave) rather than one connection. */
  capMinutes?: number;
  guest: boolean;
}

export interface MeetingReport {
  kind: 'zoom' | 'teams';
  rows: ReportRow[];
}

/** The columns a readable report has, named in the refusal. */
export const REPORT_COLUMNS = {
  zoom: ['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time'],
  teams: ['Name', 'Email', 'First Join', 'Last Leave'],
} as const;

/** The text of the file: UTF-16 (with a BOM, or LE without one) or UTF-8 (with or without a BOM). */
export function decodeReport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // UTF-16 LE without its BOM: text in Latin letters has a zero in every second byte.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[3] === 0) {
    return new TextDecoder('utf-16le').decode(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

type Column = 'name' | 'email' | 'upn' | 'join' | 'leave' | 'firstJoin' | 'lastLeave' | 'duration' | 'guest';

/** Header cells as Zoom and Teams write them (lower case; Zoom has used both capitalisations). */
const HEADERS: Record<string, Column> = {
  'name (original name)': 'name',
  name: 'name',
  'full name': 'name',
  'participant name': 'name',
  'user email': 'email',
  email: 'email',
  'e-mail': 'email',
  'email address': 'email',
  'participant id (upn)': 'upn',
  'join time': 'join',
  'leave time': 'leave',
  'first join': 'firstJoin',
  'first join time': 'firstJoin',
  'last leave': 'lastLeave',
  'last leave time': 'lastLeave',
  'in-meeting duration': 'duration',
  guest: 'guest',
};

type Table = { columns: Partial<Record<Column, number>>; spans: boolean };

function tableOf(cells: readonly string[]): Table | null {
  const columns: Partial<Record<Column, number>> = {};
  cells.forEach((cell, i) => {
    const column = HEADERS[cell.toLowerCase()];
    if (column && columns[column] === undefined) columns[column] = i;
  });
  if (columns.name === undefined) return null;
  if (columns.join !== undefined && columns.leave !== undefined) return { columns, spans: false };
  if (columns.firstJoin !== undefined && columns.lastLeave !== undefined) return { columns, spans: true };
  return null;
}

/** Time formats of the exports: US with or without seconds and AM/PM, with a comma or not; and ISO. */
const FORMATS = [
  'M/d/yyyy h:mm:ss a',
  'M/d/yyyy h:mm a',
  'M/d/yyyy H:mm:ss',
  'M/d/yyyy H:mm',
  'M/d/yy h:mm:ss a',
  'M/d/yy h:mm a',
  'M/d/yy H:mm:ss',
  'M/d/yy H:mm',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd HH:mm',
];

/** A time of the report in milliseconds, or null when it is none of the known forms. */
export function reportTime(text: string, zone: string): number | null {
  const s = text
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/,\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s === '') return null;
  const iso = DateTime.fromISO(s.replace(' ', 'T'), { zone, setZone: true });
  if (iso.isValid && /^\d{4}-\d{2}-\d{2}/.test(s)) return iso.toMillis();
  for (const format of FORMATS) {
    const t = DateTime.fromFormat(s.toUpperCase(), format, { zone, locale: 'en-US' });
    if (t.isValid) return t.toMillis();
  }
  return null;
}

/** A Teams duration ("1h 4m 7s", "45m 0s", "30s") or plain minutes, in minutes. */
export function durationMinutes(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?$/.exec(s);
  if (!m || s === '') return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

/** A zone a report names ("Europe/Riga", "UTC+02:00", "(UTC+02:00) Helsinki, Kyiv, Riga…"), or null. */
function zoneNamed(text: string): string | null {
  const offset = /(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?/i.exec(text);
  const zone = offset
    ? `UTC${offset[1]}${offset[2]}${offset[3] && offset[3] !== '00' ? `:${offset[3]}` : ''}`
    : text.trim();
  return DateTime.now().setZone(zone).isValid ? zone : null;
}

const columnsRefused = () => invalid({ file: 'report_columns' });

/**
 * The rows of a meeting report. Refused (400, `report_columns`) when no table of joins is
 * found, and (`report_time:<column>`) when a time cannot be read.
 */
export function readMeetingReport(bytes: Uint8Array, eventZone: string): MeetingReport {
  const text = decodeReport(bytes);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: text.includes('\t') ? '\t' : ',',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch {
    throw columnsRefused();
  }
  let zone = eventZone;
  let kind: MeetingReport['kind'] = 'zoom';
  const spans: ReportRow[] = [];
  const joins: ReportRow[] = [];
  let table: Table | null = null;
  let headerNames: string[] = [];
  let sawTable = false;
  for (const record of records) {
    const cells = record.map((c) => c.replace(/^\uFEFF/, '').trim());
    const filled = cells.filter((c) => c !== '');
    if (filled.length === 0) {
      table = null;
      continue;
    }
    const head = tableOf(cells);
    if (head) {
      table = head;
      sawTable = true;
      headerNames = cells;
      if (head.spans || cells.some((c) => /^participant id \(upn\)$|^role$/i.test(c))) kind = 'teams';
      continue;
    }
    // A section's title ("3. In-Meeting Activities") ends the table before it.
    if (filled.length === 1 && /^\d+\.\s/.test(filled[0] ?? '')) {
      if (/summary|participants|activities/i.test(filled[0] ?? '')) kind = 'teams';
      table = null;
      continue;
    }
    if (!table) {
      if (/^time ?zone$/i.test(cells[0] ?? '') && cells[1]) zone = zoneNamed(cells[1]) ?? zone;
      continue;
    }
    const { columns: c } = table;
    const at = (col: Column | undefined) => (col === undefined ? '' : (cells[c[col] ?? -1] ?? '').trim());
    const time = (col: Column) => {
      const t = reportTime(at(col), zone);
      if (t === null) throw invalid({ file: `report_time:${headerNames[c[col] ?? 0] ?? col}` });
      return t;
    };
    const upn = at('upn');
    const email = at('email') || (upn.includes('@') ? upn : '');
    const row = {
      name: at('name'),
      email: email.includes('@') ? email : null,
      guest: /^(yes|jā|true)$/i.test(at('guest')),
    };
    if (table.spans) {
      const duration = durationMinutes(at('duration'));
      spans.push({
        ...row,
        intervals: [{ from: time('firstJoin'), to: time('lastLeave') }],
        ...(duration === null ? {} : { capMinutes: duration }),
      });
    } else {
      joins.push({ ...row, intervals: [{ from: time('join'), to: time('leave') }] });
    }
  }
  if (!sawTable) throw columnsRefused();
  return { kind, rows: joins.length > 0 ? joins : spans };
}

/** One person of a report: their rows together, by e-mail (any case), else by name. */
export interface ReportPerson {
  name: string;
  email: string | null;
  intervals: Interval[];
  capMinutes?: number;
  guest: boolean;
}

export function peopleOf(rows: readonly ReportRow[]): ReportPerson[] {
  const people = new Map<string, ReportPerson>();
  for (const row of rows) {
    const key = row.email ? `e:${row.email.toLowerCase()}` : `n:${row.name}`;
    const person = people.get(key);
    if (!person) {
      people.set(key, { ...row, intervals: [...row.intervals] });
      continue;
    }
    person.intervals.push(...row.intervals);
    person.guest = person.guest && row.guest;
    if (person.capMinutes !== undefined || row.capMinutes !== undefined) {
      person.capMinutes = (person.capMinutes ?? 0) + (row.capMinutes ?? 0);
    }
  }
  return [...people.values()];
}

/** "Anna B (Anna Bērziņa)": Zoom's name and, in brackets, the original one; both are tried for a suggestion. */
export function namesOf(name: string): string[] {
  const m = /^(.*?)\s*\(([^()]+)\)$/.exec(name.trim());
  const names = m ? [name.trim(), m[1] ?? '', m[2] ?? ''] : [name.trim()];
  return names.map((n) => n.replace(/\s+/g, ' ').trim()).filter((n) => n !== '');
}
