import { quotaRegions } from './quotas.js';
import type { Programme } from './types.js';

export type OrganizerRole = 'admin' | 'coordinator';

export interface Organizer {
  id: number;
  email: string;
  name: string;
  role: OrganizerRole;
  /** The regions a coordinator may act in; admins act everywhere. */
  regionIds: string[];
}

export function canActInRegion(organizer: Organizer, regionId: string | null): boolean {
  if (organizer.role === 'admin') return true;
  return regionId !== null && organizer.regionIds.includes(regionId);
}

/** A coordinator's regions, or undefined for an admin (no limit): how lists and reports are narrowed. */
export const regionScope = (organizer: Organizer): string[] | undefined =>
  organizer.role === 'admin' ? undefined : organizer.regionIds;

/** An organizer manages a quota only when they may act in every region it belongs to. */
export const canManageQuota = (organizer: Organizer, programme: Programme, quotaId: number): boolean =>
  quotaRegions(programme, quotaId).every((r) => canActInRegion(organizer, r));
