import type { Database } from './database.js';
import { loadProgramme } from './programme.js';
import { seatsOf } from './registrations.js';
import { withPositions } from './waitlistPositions.js';
import type { Lang } from '../domain/time.js';
import { coverageOf, takenWhole } from '../domain/types.js';
import type { TokenVault } from '../security/tokens.js';

/** A coordinator's group (services/groups.ts): who coordinates it, and whom it could not add. */
export interface Group {
  id: number;
  eventId: number;
  name: string;
  email: string;
  institution: string;
  municipalityId: string;
  regionId: string;
  language: Lang;
  notAdded: { name: string; email: string }[];
  createdAt: string;
}

export const groupFromRow = (r: Record<string, unknown>): Group => ({
  id: Number(r.id),
  eventId: Number(r.event_id),
  name: String(r.name),
  email: String(r.email),
  institution: String(r.institution),
  municipalityId: String(r.municipality_id),
  regionId: String(r.region_id),
  language: String(r.language) as Lang,
  notAdded: JSON.parse(String(r.not_added ?? '[]')) as { name: string; email: string }[],
  createdAt: String(r.created_at),
});

/**
 * A group as its coordinator's message lists it: each active person by address, with their
 * places and exact positions, and the group's link.
 */
export async function groupSummary(db: Database, tokens: TokenVault, groupId: number) {
  const row = (await db.knex('groups').where('id', groupId).first()) as Record<string, unknown> | undefined;
  if (!row) return null;
  const group = groupFromRow(row);
  const programme = await loadProgramme(db, { id: group.eventId });
  if (!programme) return null;
  const people = (await db
    .knex('registrations')
    .where({ group_id: groupId, status: 'active' })
    .orderBy('id')
    .select('id', 'email', 'address_state')) as { id: number; email: string; address_state: string }[];
  const coverage = coverageOf(programme.quotas);
  const listed = [];
  for (const p of people) {
    const seats = await withPositions(db.knex, await seatsOf(db.knex, p.id), coverage, takenWhole(programme.event));
    listed.push({
      email: p.email,
      pending: p.address_state === 'pending',
      seats: seats.filter((s) => s.status !== 'cancelled'),
    });
  }
  return { group, programme, people: listed, token: tokens.unseal(String(row.token_sealed)) };
}
