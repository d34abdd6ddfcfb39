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
import { sessionLabel } from '../../domain/where.js';
import { translator } from '../../i18n/index.js';

/**
 * The figures organizers watch: per region its registrants (the plenary's people too), places
 * taken, free and waiting per session, places held or offered; registrations per day. Every
 * count but the free places is a link to the people behind it (the filtered registrants list).
 */

export interface RegionStats {
  id: string;
  name: string;
  /** Active registrations of the region (null for sessions open to every region). */
  registrants: number | null;
  confirmed: number;
  size: number;
  waitlist: number;
  held: number;
  offered: number;
  /** The plenary, then each workshop or seminar: confirmed, places left (null: no pool), waiting. */
  sessions: SessionStats[];
}

export interface SessionStats {
  id: number;
  /** Title, date and place: sessions of one title told apart. */
  label: string;
  plenary: boolean;
  cancelled: boolean;
  confirmed: number;
  left: number | null;
  waitlist: number;
  held: number;
  offered: number;
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
  sessions: {
    id: number;
    title: string;
    label: string;
    startsAt: string;
    endsAt: string;
    place: string | null;
    address: string | null;
    cancelled: boolean;
  }[];
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
  const online = translator(lang)('seminars.online');
  return {
    kind: programme.event.kind === 'course' ? 'course' : 'single',
    confirmed: outer.reduce((n, q) => n + q.used, 0),
    size: outer.reduce((n, q) => n + q.size, 0),
    waitlist: await countWaitingPeople(ctx.db.knex, ids),
    sessions: programme.sessions.map((s) => ({
      id: s.id,
      title: s.title[lang],
      label: sessionLabel(s, lang, online),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: s.place,
      address: s.address,
      cancelled: s.status !== 'scheduled',
    })),
  };
}

/** Seats per session of an event and status (confirmed, held, offered, waiting): "id:status" → n. */
async function seatCounts(ctx: ServiceContext, eventId: number): Promise<Map<string, number>> {
  const rows = (await ctx.db
    .knex('seats')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .where('sessions.event_id', eventId)
    .whereIn('seats.status', ['confirmed', 'held', 'offered', 'waitlisted'])
    .groupBy('seats.session_id', 'seats.status')
    .select('seats.session_id', 'seats.status')
    .count({ n: '*' })) as { session_id: number; status: string; n: number | string }[];
  return new Map(rows.map((r) => [`${r.session_id}:${r.status}`, Number(r.n)]));
}

/** Active registrations of an event per region. */
async function registrantsPerRegion(ctx: ServiceContext, eventId: number): Promise<Map<string, number>> {
  const rows = (await ctx.db
    .knex('registrations')
    .where({ event_id: eventId, status: 'active' })
    .groupBy('region_id')
    .select('region_id')
    .count({ n: '*' })) as { region_id: string; n: number | string }[];
  return new Map(rows.map((r) => [String(r.region_id), Number(r.n)]));
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
  const registrants = await registrantsPerRegion(ctx, programme.event.id);
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const online = translator(lang)('seminars.online');
  const count = (id: number, status: string) => counts.get(`${id}:${status}`) ?? 0;
  // The plenary first (people confirmed, no pool, no queue), then the limited sessions in programme order.
  const sessionsOf = (regionId: string | null): SessionStats[] =>
    programme.sessions
      .filter((s) => s.regionId === regionId)
      .sort((a, b) => Number(b.kind === 'plenary') - Number(a.kind === 'plenary'))
      .map((s) => ({
        id: s.id,
        label: sessionLabel(s, lang, online),
        plenary: s.kind === 'plenary',
        cancelled: s.status !== 'scheduled',
        confirmed: count(s.id, 'confirmed'),
        left: s.kind === 'plenary' ? null : availability.left(s.id),
        waitlist: count(s.id, 'waitlisted'),
        held: count(s.id, 'held'),
        offered: count(s.id, 'offered'),
      }));
  const figures = (sessions: SessionStats[]) => {
    const limited = sessions.filter((s) => !s.plenary);
    const outer = outerQuotas(
      programme.quotas,
      limited.map((s) => s.id),
    );
    return {
      confirmed: outer.reduce((n, q) => n + q.used, 0),
      size: outer.reduce((n, q) => n + q.size, 0),
      held: limited.reduce((n, s) => n + s.held, 0),
      offered: limited.reduce((n, s) => n + s.offered, 0),
    };
  };
  for (const region of programme.regions.filter((r) => canActInRegion(organizer, r.id))) {
    const sessions = sessionsOf(region.id);
    if (sessions.length === 0 && !registrants.has(region.id)) continue;
    regions.push({
      id: region.id,
      name: region.name[lang],
      registrants: registrants.get(region.id) ?? 0,
      ...figures(sessions),
      waitlist: await countWaitlisted(
        ctx.db.knex,
        sessions.filter((s) => !s.plenary).map((s) => s.id),
      ),
      sessions,
    });
  }
  // Sessions open to every region (seminars without one) are shown on their own.
  const everyone = sessionsOf(null);
  if (everyone.length > 0 && organizer.role === 'admin') {
    regions.push({
      id: 'all',
      name: '—',
      registrants: null,
      ...figures(everyone),
      waitlist: everyone.reduce((n, s) => n + s.waitlist, 0),
      sessions: everyone,
    });
  }
  return { regions, whole: null, days };
}

/** Whether an event touches an organizer's regions: one of its sessions is held in one of them (admins: every event). */
export const touchesRegions = (programme: Programme, organizer: Organizer): boolean =>
  organizer.role === 'admin' ||
  programme.sessions.some((s) => s.regionId !== null && canActInRegion(organizer, s.regionId));

/** The back office's front page: every event touching the organizer's regions with its figures, and the outbox by status. */
export async function dashboard(ctx: ServiceContext, organizer: Organizer, lang: Lang) {
  const events = [];
  for (const event of await listEvents(ctx.db, { publishedOnly: false })) {
    const programme = await loadProgramme(ctx.db, { id: event.id });
    if (!programme || !touchesRegions(programme, organizer)) continue;
    events.push({ event, title: event.title[lang], ...(await eventStats(ctx, programme, organizer, lang)) });
  }
  return { events, outbox: await outboxCounts(ctx.db.knex) };
}
