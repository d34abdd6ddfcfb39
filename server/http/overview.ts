import type { Database } from '../db/database.js';
import { listEvents, loadProgramme } from '../db/programme.js';
import type { Lang } from '../domain/time.js';
import { EVENT_KINDS, registrationOpen, type EventKind } from '../domain/types.js';

const KINDS: readonly EventKind[] = EVENT_KINDS;

export interface OverviewFilters {
  region: string;
  kind: EventKind | '';
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
}

export interface OverviewVM {
  filters: OverviewFilters;
  regions: { id: string; name: string }[];
  kinds: readonly EventKind[];
  upcoming: OverviewEvent[];
  archived: OverviewEvent[];
}

const one = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The public event list as an overview: events still to come (or under way) first,
 * soonest first; events that have ended in an archive, latest first. Filters are plain
 * GET parameters so the form works without JavaScript; unknown values mean "all".
 */
export async function overviewVM(
  db: Database,
  query: Record<string, unknown>,
  lang: Lang,
  now: Date,
): Promise<OverviewVM> {
  const nowIso = now.toISOString();
  const events: (OverviewEvent & { regionIds: string[]; past: boolean })[] = [];
  const regionNames = new Map<string, string>();
  for (const e of await listEvents(db, { publishedOnly: true })) {
    const programme = await loadProgramme(db, { id: e.id });
    if (!programme) continue;
    for (const r of programme.regions) regionNames.set(r.id, r.name[lang]);
    const scheduled = programme.sessions.filter((s) => s.status === 'scheduled');
    const from = scheduled.map((s) => s.startsAt).sort()[0] ?? null;
    const to =
      scheduled
        .map((s) => s.endsAt)
        .sort()
        .at(-1) ?? null;
    events.push({
      slug: e.slug,
      title: e.title[lang],
      description: e.description[lang],
      kind: e.kind,
      open: registrationOpen(e, now),
      from,
      to,
      regionIds: programme.regions.map((r) => r.id),
      past: (to ?? e.registrationClosesAt) <= nowIso,
    });
  }
  const region = regionNames.has(one(query.region)) ? one(query.region) : '';
  const kind = KINDS.find((k) => k === one(query.kind)) ?? '';
  const shown = events.filter((e) => !region || e.regionIds.includes(region)).filter((e) => !kind || e.kind === kind);
  const strip = ({ regionIds: _r, past: _p, ...e }: (typeof events)[number]): OverviewEvent => e;
  const byStart = (a: OverviewEvent, b: OverviewEvent) => (a.from ?? '').localeCompare(b.from ?? '');
  return {
    filters: { region, kind },
    regions: [...regionNames].map(([id, name]) => ({ id, name })),
    kinds: KINDS,
    upcoming: shown
      .filter((e) => !e.past)
      .map(strip)
      .sort(byStart),
    archived: shown
      .filter((e) => e.past)
      .map(strip)
      .sort((a, b) => byStart(b, a)),
  };
}
