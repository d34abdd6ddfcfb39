import { DateTime } from 'luxon';
import { ZONE } from './time.js';
import type { Audience, EventKind, Programme } from './types.js';

/**
 * The filters of the public event list, on the page and in the API. An event
 * matches every filter given:
 * - kind: the event's kind;
 * - region: the event is held in that region (one of its scheduled sessions is), or it is
 *   open to every region (none of its sessions has a region: a national course, online);
 * - month ("2027-02"): one of its scheduled sessions starts in that month, Riga time;
 * - audience: one of its scheduled sessions is for that audience or open to everyone (no
 *   audience) — a conference is for school staff too; a supervision for school staff is
 *   not for municipality staff.
 */
export interface EventFilters {
  kind?: EventKind;
  region?: string;
  month?: string;
  audience?: Audience;
}

/** A month as the filters write it: "2027-02". */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month (Riga time) a moment falls in: "2027-02". */
export const monthOf = (iso: string): string => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM');

const scheduled = (programme: Programme) => programme.sessions.filter((s) => s.status === 'scheduled');

/** The months its scheduled sessions start in, in order. */
export function eventMonths(programme: Programme): string[] {
  return [...new Set(scheduled(programme).map((s) => monthOf(s.startsAt)))].sort();
}

/** The regions its scheduled sessions are held in; null when none has one (every region). */
export function eventRegions(programme: Programme): string[] | null {
  const ids = [...new Set(scheduled(programme).flatMap((s) => (s.regionId === null ? [] : [s.regionId])))];
  return ids.length > 0 ? ids : null;
}

export function matchesFilters(programme: Programme, filters: EventFilters): boolean {
  const { kind, region, month, audience } = filters;
  if (kind && programme.event.kind !== kind) return false;
  const regions = eventRegions(programme);
  if (region && regions && !regions.includes(region)) return false;
  if (month && !eventMonths(programme).includes(month)) return false;
  if (audience && !scheduled(programme).some((s) => s.audience === null || s.audience === audience)) return false;
  return true;
}
