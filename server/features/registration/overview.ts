import { DateTime } from 'luxon';
import type { Database } from '../../db/database.js';
import { listEvents, loadProgramme } from '../../db/programme.js';
import { eventMonths, matchesFilters } from '../../domain/eventFilters.js';
import { formatMonth, ZONE, type Lang } from '../../domain/time.js';
import { whereLine } from '../../domain/where.js';
import { translator } from '../../i18n/index.js';
import { AUDIENCES, EVENT_KINDS, registrationOpen, type Audience, type EventKind } from '../../domain/types.js';

const KINDS: readonly EventKind[] = EVENT_KINDS;

export interface OverviewFilters {
  region: string;
  kind: EventKind | '';
  /** "2027-02", a month in Riga time. */
  month: string;
  audience: Audience | '';
}

export interface OverviewEvent {
  slug: string;
  title: string;
  description: string;
  kind: EventKind;
  open: boolean;
  /** First start and last end of its sessions; null for an event with none yet. */
  from: string | null;
  to: string | null;
  /** Where, when all its sessions are held at one place (or all online); null when they differ. */
  where: string | null;
}

export interface OverviewVM {
  filters: OverviewFilters;
  regions: { id: string; name: string }[];
  kinds: readonly EventKind[];
  months: { value: string; label: string }[];
  audiences: readonly Audience[];
  /** How many events the filters match, upcoming and archived. */
  count: number;
  upcoming: OverviewEvent[];
  archived: OverviewEvent[];
}

const one = (v: unknown): string => (typeof v === 'string' ? v : '');

/** "2027-02" → "2027. gada februāris" / "February 2027". */
const monthLabel = (month: string, lang: Lang): string =>
  formatMonth(DateTime.fromISO(`${month}-15T12:00`, { zone: ZONE }).toJSDate(), lang);

/** Filters from the query: a value the list does not offer means "all", never an error page. */
function parseFilters(query: Record<string, unknown>, offered: { regions: Set<string>; months: Set<string> }) {
  return {
    region: offered.regions.has(one(query.region)) ? one(query.region) : '',
    kind: KINDS.find((k) => k === one(query.kind)) ?? '',
    month: offered.months.has(one(query.month)) ? one(query.month) : '',
    audience: AUDIENCES.find((a) => a === one(query.audience)) ?? '',
  } satisfies OverviewFilters;
}

/**
 * The public event list as an overview: events still to come (or under way) first,
 * soonest first; events that have ended in an archive, latest first. Filters by kind,
 * region, month and audience (domain/eventFilters.ts) are plain GET parameters so the
 * form works without JavaScript; unknown values mean "all".
 */
export async function overviewVM(
  db: Database,
  query: Record<string, unknown>,
  lang: Lang,
  now: Date,
): Promise<OverviewVM> {
  const nowIso = now.toISOString();
  const online = translator(lang)('seminars.online');
  const regionNames = new Map<string, string>();
  const months = new Set<string>();
  const programmes = [];
  for (const e of await listEvents(db, { publishedOnly: true })) {
    const programme = await loadProgramme(db, { id: e.id });
    if (!programme) continue;
    programmes.push(programme);
    for (const r of programme.regions) regionNames.set(r.id, r.name[lang]);
    for (const m of eventMonths(programme)) months.add(m);
  }
  const filters = parseFilters(query, { regions: new Set(regionNames.keys()), months });
  const shown = programmes
    .filter((p) =>
      matchesFilters(p, { ...filters, kind: filters.kind || undefined, audience: filters.audience || undefined }),
    )
    .map(({ event: e, sessions }) => {
      const scheduled = sessions.filter((s) => s.status === 'scheduled');
      const from = scheduled.map((s) => s.startsAt).sort()[0] ?? null;
      const to =
        scheduled
          .map((s) => s.endsAt)
          .sort()
          .at(-1) ?? null;
      // Events that share a title (a supervision in each region) are told apart by place.
      const places = new Set(scheduled.map((s) => whereLine(s, online)));
      const event: OverviewEvent = {
        slug: e.slug,
        title: e.title[lang],
        description: e.description[lang],
        kind: e.kind,
        open: registrationOpen(e, now),
        from,
        to,
        where: places.size === 1 ? ([...places][0] ?? null) : null,
      };
      return { event, past: (to ?? e.registrationClosesAt) <= nowIso };
    });
  const byStart = (a: OverviewEvent, b: OverviewEvent) => (a.from ?? '').localeCompare(b.from ?? '');
  return {
    filters,
    regions: [...regionNames].map(([id, name]) => ({ id, name })),
    kinds: KINDS,
    months: [...months].sort().map((value) => ({ value, label: monthLabel(value, lang) })),
    audiences: AUDIENCES,
    count: shown.length,
    upcoming: shown
      .filter((e) => !e.past)
      .map((e) => e.event)
      .sort(byStart),
    archived: shown
      .filter((e) => e.past)
      .map((e) => e.event)
      .sort((a, b) => byStart(b, a)),
  };
}
