import { findRegistrationById } from '../../db/registrations.js';
import { AppError } from '../../domain/errors.js';
import { regionScope, type Organizer } from '../../domain/organizers.js';
import type { Programme } from '../../domain/types.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { eventBySlug } from '../organizers/index.js';
import { releaseSeats } from '../registration/index.js';

/**
 * A burst made visible: registrations grouped by the client that sent them (a keyed hash
 * of its address and user agent, security/clients.ts), so an organizer sees one client
 * taking many places, and cancels such a burst in one reviewed step. A coordinator sees and
 * cancels only registrations of their regions.
 */

export interface ClientRow {
  client: string;
  registrations: number;
  active: number;
  /** Active registrations whose address has not confirmed them. */
  unconfirmed: number;
  /** Places they hold (confirmed, held or offered) and wait for. */
  places: number;
  waiting: number;
  first: string;
  last: string;
}

/** Clients that sent at least `min` registrations to the event, most first. */
export async function clientsOf(ctx: ServiceContext, organizer: Organizer, slug: string, min = 2) {
  const programme = await eventBySlug(ctx, slug);
  const q = ctx.db
    .knex('registrations')
    .where('event_id', programme.event.id)
    .whereNotNull('client_hash')
    .groupBy('client_hash')
    .havingRaw('COUNT(*) >= ?', [min])
    .select('client_hash')
    .count({ n: '*' })
    .min({ first: 'created_at' })
    .max({ last: 'created_at' })
    .orderByRaw('COUNT(*) DESC');
  const scope = regionScope(organizer);
  if (scope) void q.whereIn('region_id', scope);
  const groups = (await q) as { client_hash: string; n: number | string; first: string; last: string }[];
  const rows: ClientRow[] = [];
  for (const g of groups) {
    const people = await peopleOf(ctx, organizer, programme, g.client_hash);
    const active = people.filter((p) => p.status === 'active');
    rows.push({
      client: g.client_hash,
      registrations: Number(g.n),
      active: active.length,
      unconfirmed: active.filter((p) => p.addressState === 'pending').length,
      places: active.reduce((n, p) => n + p.places, 0),
      waiting: active.reduce((n, p) => n + p.waiting, 0),
      first: g.first,
      last: g.last,
    });
  }
  return { programme, rows };
}

/** The registrations one client sent to the event (the organizer's regions), oldest first. */
export async function peopleOf(ctx: ServiceContext, organizer: Organizer, programme: Programme, client: string) {
  if (!/^[0-9a-f]{32}$/.test(client)) throw new AppError('not_found');
  const q = ctx.db
    .knex('registrations')
    .where({ event_id: programme.event.id, client_hash: client })
    .orderBy('id')
    .select('id', 'name', 'email', 'status', 'address_state', 'created_at');
  const scope = regionScope(organizer);
  if (scope) void q.whereIn('region_id', scope);
  const rows = (await q) as Record<string, unknown>[];
  // Scarce places only: the open plenary is nobody's to take.
  const seats = (await ctx.db
    .knex('seats')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .whereIn(
      'seats.registration_id',
      rows.map((r) => Number(r.id)),
    )
    .whereNot('sessions.kind', 'plenary')
    .select('seats.registration_id', 'seats.status')) as { registration_id: number; status: string }[];
  return rows.map((r) => {
    const mine = seats.filter((s) => Number(s.registration_id) === Number(r.id));
    return {
      id: Number(r.id),
      name: String(r.name),
      email: r.email === null ? null : String(r.email),
      status: String(r.status),
      addressState: String(r.address_state),
      createdAt: String(r.created_at),
      places: mine.filter((s) => ['confirmed', 'held', 'offered'].includes(s.status)).length,
      waiting: mine.filter((s) => s.status === 'waitlisted').length,
    };
  });
}

/**
 * Cancels every active registration one client sent (the reviewed step of the burst page):
 * each through the capacity runner, its places to the waitlist at once, audited one by one.
 * Registrations whose address never confirmed them are told nothing (no mail goes to an
 * address that never answered); the others get the usual cancellation.
 */
export async function cancelBurst(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  client: string,
): Promise<number> {
  const programme = await eventBySlug(ctx, slug);
  const people = (await peopleOf(ctx, organizer, programme, client)).filter((p) => p.status === 'active');
  let cancelled = 0;
  for (const p of people) {
    const registration = await findRegistrationById(ctx.db.knex, p.id);
    if (!registration || registration.status !== 'active') continue;
    await releaseSeats(ctx, registration, (seats) => seats.filter((s) => s.status !== 'cancelled'), {
      wholeRegistration: true,
      payload: { byOrganizer: true },
      andThen: async ({ trx, seats, now }) => {
        await audit(
          trx,
          {
            actor: organizer.email,
            action: 'registration.cancel_burst',
            targetType: 'registration',
            targetId: p.id,
            before: { status: 'active', client, seats: seats.map((s) => ({ id: s.id, status: s.status })) },
            after: { status: 'cancelled' },
          },
          now,
        );
      },
    });
    cancelled += 1;
  }
  return cancelled;
}
