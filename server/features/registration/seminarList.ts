import { DateTime } from 'luxon';
import { Availability } from '../../domain/availability.js';
import { monthOf } from '../../domain/eventFilters.js';
import { formatMonth, ZONE, type Lang } from '../../domain/time.js';
import { AUDIENCES, coverageOf, registrationOpen, type Audience, type Programme } from '../../domain/types.js';

export { AUDIENCES, type Audience } from '../../domain/types.js';

/** Filters from the query string; anything unknown means "all" rather than an error page. */
export interface SeminarFilters {
  audience: Audience | '';
  region: string;
  /** "2026-12", a month in Riga time. */
  month: string;
}

export interface SeminarVM {
  id: number;
  title: string;
  description: string;
  audience: string;
  regionId: string;
  regionName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  address: string | null;
  online: boolean;
  left: number | null;
  size: number | null;
  registerUrl: string | null;
}

export interface SeminarListVM {
  slug: string;
  title: string;
  description: string;
  open: boolean;
  filters: SeminarFilters;
  options: {
    audiences: Audience[];
    regions: { id: string; name: string }[];
    months: { value: string; label: string }[];
  };
  seminars: SeminarVM[];
}

const one = (v: unknown): string => (typeof v === 'string' ? v : '');

export function parseSeminarFilters(query: Record<string, unknown>, programme: Programme): SeminarFilters {
  const audience = AUDIENCES.find((a) => a === one(query.audience)) ?? '';
  const region = programme.regions.some((r) => r.id === one(query.region)) ? one(query.region) : '';
  const month = /^\d{4}-\d{2}$/.test(one(query.month)) ? one(query.month) : '';
  return { audience, region, month };
}

/** Seminars not yet started, filtered, with places left; past ones are no longer offered. */
export function seminarListVM(programme: Programme, filters: SeminarFilters, lang: Lang, now: Date): SeminarListVM {
  const { event } = programme;
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const open = registrationOpen(event, now);
  const regionName = new Map(programme.regions.map((r) => [r.id, r.name[lang]]));
  const upcoming = programme.sessions.filter(
    (s) => s.kind === 'seminar' && s.status === 'scheduled' && s.startsAt > now.toISOString(),
  );
  const months = [...new Set(upcoming.map((s) => monthOf(s.startsAt)))].sort().map((value) => ({
    value,
    label: formatMonth(DateTime.fromISO(`${value}-15T12:00`, { zone: ZONE }).toJSDate(), lang),
  }));
  const seminars = upcoming
    .filter((s) => !filters.audience || s.audience === filters.audience)
    .filter((s) => !filters.region || s.regionId === filters.region)
    .filter((s) => !filters.month || monthOf(s.startsAt) === filters.month)
    .map((s) => {
      const sizes = programme.quotas.filter((q) => q.sessionIds.includes(s.id)).map((q) => q.size);
      const region = s.regionId ?? '';
      return {
        id: s.id,
        title: s.title[lang],
        description: s.description[lang],
        audience: s.audience ?? '',
        regionId: region,
        regionName: regionName.get(region) ?? '',
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        place: s.place,
        address: s.address,
        // The online link itself is private: the list only says the seminar is online.
        online: s.place === null,
        left: availability.left(s.id),
        size: sizes.length > 0 ? Math.min(...sizes) : null,
        registerUrl: open ? `/events/${event.slug}/register?region=${region}&session=${s.id}` : null,
      };
    });
  return {
    slug: event.slug,
    title: event.title[lang],
    description: event.description[lang],
    open,
    filters,
    options: {
      audiences: [...AUDIENCES],
      regions: programme.regions.map((r) => ({ id: r.id, name: r.name[lang] })),
      months,
    },
    seminars,
  };
}
