import type { Knex } from 'knex';

/**
 * What the report adds for professional development (issue 18), per group of the report's
 * dimension: the hours of attended sessions (every kind, the plenary too; in tenths) and
 * the certificates issued and still valid.
 */
export async function hoursAndCertificates(
  db: Knex,
  eventId: number,
  column: string,
  scope?: string[],
): Promise<Map<string, { hoursTenths: number; certificates: number }>> {
  const base = db('registrations').where('registrations.event_id', eventId).andWhere('registrations.status', 'active');
  if (scope) void base.whereIn('registrations.region_id', scope);
  const hours = (await base
    .clone()
    .join('seats', 'seats.registration_id', 'registrations.id')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .whereNotNull('seats.attended_at')
    .groupBy(column)
    .select(`${column} as k`)
    .sum({ n: 'sessions.pd_hours_tenths' })) as { k: string; n: number | string | null }[];
  const certificates = (await base
    .clone()
    .join('certificates', 'certificates.registration_id', 'registrations.id')
    .where('certificates.status', 'valid')
    .groupBy(column)
    .select(`${column} as k`)
    .count({ n: '*' })) as { k: string; n: number | string }[];
  const out = new Map<string, { hoursTenths: number; certificates: number }>();
  const entry = (k: string) => out.get(k) ?? { hoursTenths: 0, certificates: 0 };
  for (const r of hours) out.set(r.k, { ...entry(r.k), hoursTenths: Number(r.n ?? 0) });
  for (const r of certificates) out.set(r.k, { ...entry(r.k), certificates: Number(r.n) });
  return out;
}
