import type { Organizer, OrganizerRole } from '../domain/organizers.js';
import type { Conn } from './knex.js';

/** An organizer who may still sign in (not disabled), with their regions. */
export async function activeOrganizer(db: Conn, id: number): Promise<Organizer | null> {
  const row = (await db('organizers').where('id', id).whereNull('disabled_at').first()) as
    { id: number; email: string; name: string; role: OrganizerRole } | undefined;
  if (!row) return null;
  const regions = (await db('organizer_regions').where('organizer_id', id).select('region_id')) as {
    region_id: string;
  }[];
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: row.role,
    regionIds: regions.map((r) => r.region_id),
  };
}
