import type { Knex } from 'knex';

export const REPORT_DIMENSIONS = ['region', 'municipality', 'institution', 'role'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportRow {
  key: string;
  label: string;
  registered: number;
  confirmed: number;
  attended: number;
}

/**
 * The figures a funder asks for: per region, municipality, institution or role, how many
 * registered (active registrations), how many hold a confirmed workshop/seminar place and
 * how many attended one.
 */
export async function report(
  db: Knex,
  eventId: number,
  by: ReportDimension,
  lang: 'lv' | 'en',
  scope?: string[],
): Promise<ReportRow[]> {
  const column = {
    region: 'registrations.region_id',
    municipality: 'registrations.municipality_id',
    institution: 'registrations.institution',
    role: 'registrations.role',
  }[by];
  const base = db('registrations').where('registrations.event_id', eventId).andWhere('registrations.status', 'active');
  if (scope) void base.whereIn('registrations.region_id', scope);
  const limited = (q: ReturnType<typeof db>) =>
    q
      .join('seats', 'seats.registration_id', 'registrations.id')
      .join('sessions', 'sessions.id', 'seats.session_id')
      .whereNot('sessions.kind', 'plenary');
  const registered = (await base.clone().groupBy(column).select(`${column} as k`).count({ n: '*' })) as {
    k: string;
    n: number;
  }[];
  const confirmed = (await limited(base.clone())
    .where('seats.status', 'confirmed')
    .groupBy(column)
    .select(`${column} as k`)
    .countDistinct({ n: 'registrations.id' })) as { k: string; n: number }[];
  const attended = (await limited(base.clone())
    .whereNotNull('seats.attended_at')
    .groupBy(column)
    .select(`${column} as k`)
    .countDistinct({ n: 'registrations.id' })) as { k: string; n: number }[];

  const labels = new Map<string, string>();
  if (by === 'region') {
    for (const r of (await db('regions').select('id', `name_${lang} as name`)) as { id: string; name: string }[])
      labels.set(r.id, r.name);
  } else if (by === 'municipality') {
    for (const m of (await db('municipalities').select('id', `name_${lang} as name`)) as { id: string; name: string }[])
      labels.set(m.id, m.name);
  }
  const count = (rows: { k: string; n: number }[], key: string) => Number(rows.find((r) => r.k === key)?.n ?? 0);
  return registered
    .map((r) => ({
      key: r.k,
      label: labels.get(r.k) ?? r.k,
      registered: Number(r.n),
      confirmed: count(confirmed, r.k),
      attended: count(attended, r.k),
    }))
    .sort((a, b) => b.registered - a.registered || a.label.localeCompare(b.label, 'lv'));
}
