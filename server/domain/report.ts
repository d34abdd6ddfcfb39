import { latvianCollator } from './text.js';

/**
 * The funder's report (European Social Fund): people per region, municipality,
 * institution or role. Pure arithmetic over the facts the database gives; no queries.
 *
 * - registered: active registrations of the event;
 * - people: unique people among them (by normalised e-mail; an anonymised registration
 *   counts as its own person);
 * - plenary / workshop / seminar: registrations holding a confirmed place of that kind;
 * - waitlisted: registrations with at least one place on a waitlist;
 * - attended: registrations with at least one session attended;
 * - attendedHoursTenths: professional-development hours of the attended sessions, in
 *   tenths (every kind, the plenary too);
 * - certificates: certificates issued and still valid.
 */
export const REPORT_DIMENSIONS = ['region', 'municipality', 'institution', 'role'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export const REPORT_COUNTS = [
  'registered',
  'people',
  'plenary',
  'workshop',
  'seminar',
  'waitlisted',
  'attended',
  'attendedHoursTenths',
  'certificates',
] as const;
export type ReportCount = (typeof REPORT_COUNTS)[number];
export type Counts = Record<ReportCount, number>;

export interface ReportRow extends Counts {
  key: string;
  label: string;
}

export interface Report {
  by: ReportDimension;
  rows: ReportRow[];
  totals: Counts;
}

/** One active registration with what its seats hold. */
export interface RegistrationFact {
  id: number;
  person: string;
  region: string;
  municipality: string;
  institution: string;
  role: string;
  /** Session kinds in which a place is confirmed. */
  confirmedKinds: ReadonlySet<string>;
  waitlisted: boolean;
  attended: boolean;
  attendedHoursTenths: number;
  certificates: number;
}

/** A group every report lists, even with nobody in it (each region, each role…). */
export interface ReportGroup {
  key: string;
  label: string;
}

const zero = (): Counts => ({
  registered: 0,
  people: 0,
  plenary: 0,
  workshop: 0,
  seminar: 0,
  waitlisted: 0,
  attended: 0,
  attendedHoursTenths: 0,
  certificates: 0,
});

/** Institutions are typed by people: "Ogres tehnikums" and "ogres tehnikums " are one. */
export function institutionKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('lv');
}

function keyOf(fact: RegistrationFact, by: ReportDimension): string {
  return by === 'institution' ? institutionKey(fact.institution) : fact[by];
}

/**
 * Rows for every fixed group (in the given order), then for any other key the facts hold,
 * in Latvian order of their labels; totals are the sums of the rows (a registration is in
 * exactly one row, so unique people add up too).
 */
export function buildReport(
  by: ReportDimension,
  facts: readonly RegistrationFact[],
  fixed: readonly ReportGroup[],
  sortFixed: boolean,
): Report {
  const rows = new Map<string, ReportRow>();
  const people = new Map<string, Set<string>>();
  for (const g of fixed) rows.set(g.key, { key: g.key, label: g.label, ...zero() });
  for (const f of facts) {
    const key = keyOf(f, by);
    let row = rows.get(key);
    if (!row) {
      row = { key, label: by === 'institution' ? f.institution.trim().replace(/\s+/g, ' ') : key, ...zero() };
      rows.set(key, row);
    }
    row.registered += 1;
    const seen = people.get(key) ?? new Set<string>();
    people.set(key, seen);
    seen.add(f.person);
    row.people = seen.size;
    for (const kind of ['plenary', 'workshop', 'seminar'] as const) if (f.confirmedKinds.has(kind)) row[kind] += 1;
    if (f.waitlisted) row.waitlisted += 1;
    if (f.attended) row.attended += 1;
    row.attendedHoursTenths += f.attendedHoursTenths;
    row.certificates += f.certificates;
  }
  const fixedKeys = new Set(fixed.map((g) => g.key));
  const inOrder = (list: ReportRow[]) => [...list].sort((a, b) => latvianCollator.compare(a.label, b.label));
  const first = [...rows.values()].filter((r) => fixedKeys.has(r.key));
  const rest = inOrder([...rows.values()].filter((r) => !fixedKeys.has(r.key)));
  const list = [...(sortFixed ? inOrder(first) : first), ...rest];
  const totals = zero();
  for (const r of list) for (const c of REPORT_COUNTS) totals[c] += r[c];
  return { by, rows: list, totals };
}

/**
 * The counts a person chose, in the report's own order; every count when none was chosen;
 * null when a name is not a count.
 */
export function chosenCounts(names: readonly string[]): ReportCount[] | null {
  const known: readonly string[] = REPORT_COUNTS;
  if (names.some((n) => !known.includes(n))) return null;
  return names.length === 0 ? [...REPORT_COUNTS] : REPORT_COUNTS.filter((c) => names.includes(c));
}
