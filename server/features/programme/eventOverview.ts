import { DateTime } from 'luxon';
import { outboxCounts } from '../../db/messages.js';
import { listEvents, loadProgramme } from '../../db/programme.js';
import { countWaitingPeople, countWaitlisted, registrationTimes } from '../../db/registrations.js';
import { canActInRegion, regionScope, type Organizer } from '../../domain/organizers.js';
import { outerQuotas } from '../../domain/quotas.js';
import { ZONE, type Lang } from '../../domain/time.js';
import { Availability } from '../../domain/availability.js';
import { coverageOf, takenWhole, type Programme } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';

/** The figures organizers watch: places taken and waiting per region, registrations per day. */

export interface RegionStats {
  id: string;
  name: string;
  confirmed: number;
  size: number;
  waitlist: number;
  /** Each workshop or seminar: confirmed, places left (null: no pool), waiting. */
  sessions: SessionStats[];
}

export interface SessionStats {
  id: number;
  title: string;
  cancelled: boolean;
  confirmed: number;
  left: number | null;
  waitlist: number;
}

/**
 * An event taken whole (a course, a single-session event) as one unit: people confirmed
 * for it and waiting for it (a course's person once, not once per session), its pool, and
 * its sessions without per-session figures (they are the same for every one of them).
 */
export interface WholeStats {
  kind: 'course' | 'single';
  confirmed: number;
  size: number;
  waitlist: number;
  sessions: { id: number; title: string; startsAt: string; endsAt: string; place: string | null; cancelled: boolean }[];
}

async function wholeStats(
  ctx: ServiceContext,
  programme: Programme,
  organizer: Organizer,
  lang: Lang,
): Promise<WholeStats | null> {
  const regions = [...new Set(programme.sessions.map((s) => s.regionId))];
  // Held in no region: the admins' (as sessions open to every region are); else its regions' coordinators'.
  if (!regions.some((r) => canActInRegion(organizer, r))) return null;
  const ids = programme.sessions.filter((s) => s.kind !== 'plenary').map((s) => s.id);
  const outer = outerQuotas(programme.quotas, ids);
  return {
    kind: programme.event.kind === 'course' ? 'course' : 'single',
    confirmed: outer.reduce((n, q) => n + q.used, 0),
    size: outer.reduce((n, q) => n + q.size, 0),
    waitlist: await countWaitingPeople(ctx.db.knex, ids),
    sessions: programme.sessions.map((s) => ({
      id: s.id,
      title: s.title[lang],
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: s.place,
      cancelled: s.status !== 'scheduled',
    })),
  };
}

/** Confirmed and waiting seats per session of an event. */
async function seatCounts(ctx: ServiceContext, eventId: number): Promise<Map<string, number>> {
  const rows = (await ctx.db
    .knex('seats')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .where('sessions.event_id', eventId)
    .whereIn('seats.status', ['confirmed', 'waitlisted'])
    .groupBy('seats.session_id', 'seats.status')
    .select('seats.session_id', 'seats.status')
    .count({ n: '*' })) as { session_id: number; status: string; n: number | string }[];
  return new Map(rows.map((r) => [`${r.session_id}:${r.status}`, Number(r.n)]));
}

/** How many registrations were made on each day (Riga time), in order of the days. */
function perDay(times: readonly string[]): { day: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const at of times) {
    const day = DateTime.fromISO(at, { zone: 'utc' }).setZone(ZONE).toISODate() ?? '';
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count }));
}

/** An event's figures in the organizer's regions; an event taken whole as one unit. */
export async function eventStats(ctx: ServiceContext, programme: Programme, organizer: Organizer, lang: Lang) {
  const days = perDay(await registrationTimes(ctx.db.knex, programme.event.id, regionScope(organizer)));
  if (takenWhole(programme.event)) {
    return { regions: [] as RegionStats[], whole: await wholeStats(ctx, programme, organizer, lang), days };
  }
  const regions: RegionStats[] = [];
  const counts = await seatCounts(ctx, programme.event.id);
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const sessionsOf = (regionId: string | null): SessionStats[] =>
    programme.sessions
      .filter((s) => s.regionId === regionId && s.kind !== 'plenary')
      .map((s) => ({
        id: s.id,
        title: s.title[lang],
        cancelled: s.status !== 'scheduled',
        confirmed: counts.get(`${s.id}:confirmed`) ?? 0,
        left: availability.left(s.id),
        waitlist: counts.get(`${s.id}:waitlisted`) ?? 0,
      }));
  for (const region of programme.regions.filter((r) => canActInRegion(organizer, r.id))) {
    const sessionIds = programme.sessions
      .filter((s) => s.regionId === region.id && s.kind !== 'plenary')
      .map((s) => s.id);
    const outer = outerQuotas(programme.quotas, sessionIds);
    regions.push({
      id: region.id,
      name: region.name[lang],
      confirmed: outer.reduce((n, q) => n + q.used, 0),
      size: outer.reduce((n, q) => n + q.size, 0),
      waitlist: await countWaitlisted(ctx.db.knex, sessionIds),
      sessions: sessionsOf(region.id),
    });
  }
  // Sessions open to every region (seminars without one) are shown on their own.
  const everyone = sessionsOf(null);
  if (everyone.length > 0 && organizer.role === 'admin') {
    const outer = outerQuotas(
      programme.quotas,
      everyone.map((s) => s.id),
    );
    regions.push({
      id: 'all',
      name: '—',
      confirmed: outer.reduce((n, q) => n + q.used, 0),
      size: outer.reduce((n, q) => n + q.size, 0),
      waitlist: everyone.reduce((n, s) => n + s.waitlist, 0),
      sessions: everyone,
    });
  }
  return { regions, whole: null, days };
}

/** The back office's front page: every event with its figures, and the outbox by status. */
export async function dashboard(ctx: ServiceContext, organizer: Organizer, lang: Lang) {
  const events = [];
  for (const event of await listEvents(ctx.db, { publishedOnly: false })) {
    const programme = await loadProgramme(ctx.db, { id: event.id });
    if (!programme) continue;
    events.push({ event, title: event.title[lang], ...(await eventStats(ctx, programme, organizer, lang)) });
  }
  return { events, outbox: await outboxCounts(ctx.db.knex) };
}
