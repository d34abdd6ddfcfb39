import { isUniqueViolation } from '../../db/knex.js';
import { listMunicipalities } from '../../db/programme.js';
import { AppError, invalid, refused } from '../../domain/errors.js';
import { canActInRegion, type Organizer } from '../../domain/organizers.js';
import type { Lang } from '../../domain/time.js';
import { coverageOf, takenWhole, normalizeEmail, type Role } from '../../domain/types.js';
import { withPositions } from '../../db/waitlistPositions.js';
import { itemOf } from '../../domain/items.js';
import { audit } from '../../db/audit.js';
import { enqueue } from '../../mail/outbox.js';
import { normalizePhone } from '../../domain/phone.js';
import type { ServiceContext } from '../../context.js';
import { registrationInScope, seatInScope } from '../organizers/index.js';
import type { Promotion } from '../registration/index.js';
import { register, type RegistrationInput } from '../registration/index.js';
import type { ConsentSource } from '../../domain/types.js';
import { addSeat, type AddedSeat } from '../registration/index.js';
import { releaseSeats } from '../registration/index.js';
import { cancelByOrganizer } from './actions.js';
import type { Knex } from 'knex';
import { searchColumn, seatsOf } from '../../db/registrations.js';

/** What an organizer may correct in a person's registration. */
export interface RegistrantChanges {
  name?: string;
  email?: string;
  phone?: string;
  institution?: string;
  municipality?: string;
  role?: Role;
  language?: Lang;
}

const COLUMNS: Record<keyof RegistrantChanges, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  institution: 'institution',
  municipality: 'municipality_id',
  role: 'role',
  language: 'language',
};

/**
 * Corrects a registrant's details. The e-mail stays unique per event (compared without
 * case); the audit entry keeps each changed field before and after. A person registered
 * without an e-mail who is given one now receives the confirmation of their registration
 * (with their manage link), as they would have when registered with it.
 */
export async function editRegistrant(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationId: number,
  changes: RegistrantChanges,
): Promise<void> {
  const { registration } = await registrationInScope(ctx, organizer, registrationId);
  if (changes.municipality !== undefined) {
    const known = await listMunicipalities(ctx.db);
    if (!known.some((m) => m.id === changes.municipality)) throw invalid({ municipality: 'unknown_municipality' });
  }
  if (changes.phone !== undefined) changes = { ...changes, phone: normalizePhone(changes.phone) };
  const current: Record<keyof RegistrantChanges, string | null> = {
    name: registration.name,
    email: registration.email,
    phone: registration.phone,
    institution: registration.institution,
    municipality: registration.municipalityId,
    role: registration.role,
    language: registration.language,
  };
  const changed = (Object.keys(COLUMNS) as (keyof RegistrantChanges)[]).filter(
    (k) => changes[k] !== undefined && changes[k] !== current[k],
  );
  if (changed.length === 0) return;
  const update: Record<string, string> = { updated_at: ctx.clock().toISOString() };
  for (const k of changed) update[COLUMNS[k]] = String(changes[k]);
  const email = changes.email;
  if (email !== undefined && changed.includes('email')) update.email_normalized = normalizeEmail(email);
  // The organizers' search reads a folded copy of name, e-mail and institution.
  Object.assign(
    update,
    searchColumn({
      name: changes.name ?? registration.name,
      email: changes.email ?? registration.email,
      phone: changes.phone ?? registration.phone,
      institution: changes.institution ?? registration.institution,
    }),
  );
  const now = ctx.clock();
  try {
    await ctx.db.knex.transaction(async (trx) => {
      if (update.email_normalized && registration.status === 'active') {
        const taken = (await trx('registrations')
          .where({ event_id: registration.eventId, email_normalized: update.email_normalized, status: 'active' })
          .whereNot('id', registrationId)
          .first('id')) as { id: number } | undefined;
        if (taken) throw invalid({ email: 'email_registered' });
      }
      // The first address of a person who had none: the confirmation they never received —
      // once, even when two organizers add an address at the same moment.
      const first = registration.email === null && email !== undefined;
      const updated = await trx('registrations')
        .where('id', registrationId)
        .modify((q: Knex.QueryBuilder) => {
          if (first) void q.whereNull('email');
        })
        .update(update);
      if (first && updated === 0) throw new AppError('not_allowed');
      if (first && registration.status === 'active')
        await enqueue(
          trx,
          {
            kind: 'registration_received',
            to: email.trim(),
            language: (changes.language ?? registration.language) as Lang,
            registrationId,
            payload: {},
          },
          now,
          ctx.mailDomain,
        );
      await audit(
        trx,
        {
          actor: organizer.email,
          action: 'registration.edit',
          targetType: 'registration',
          targetId: registrationId,
          before: Object.fromEntries(changed.map((k) => [k, current[k]])),
          after: Object.fromEntries(changed.map((k) => [k, changes[k]])),
        },
        now,
      );
    });
  } catch (err) {
    // Two edits (or an edit and a registration) racing to one address: the index decides.
    if (isUniqueViolation(err)) throw invalid({ email: 'email_registered' });
    throw err;
  }
}

/**
 * Registers a person who registered by phone, on paper or in person: the same capacity
 * rule and the same e-mails as registering online; how consent was obtained is recorded.
 */
export async function registerByOrganizer(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  input: Omit<RegistrationInput, 'email' | 'phone'> & {
    email?: string | null;
    phone?: string | null;
    /** The phone is another active registration's already, and the organizer adds this person anyway. */
    allowSamePhone?: boolean;
  },
  consentSource: ConsentSource,
) {
  if (!canActInRegion(organizer, input.regionId)) throw new AppError('forbidden');
  // One of the two is required (the schemas say so too): a person nobody can reach is not entered.
  if (!input.email && !input.phone) throw invalid({ email: 'email_or_phone', phone: 'email_or_phone' });
  const { allowSamePhone, ...given } = input;
  const person = { ...given, email: given.email || null, phone: given.phone ? normalizePhone(given.phone) : null };
  // The same caller entered twice is caught; two people may share a school's phone, so the
  // organizer may say so and add them anyway.
  if (person.phone && !allowSamePhone && (await samePhoneHolders(ctx, slug, person.phone)).length > 0)
    throw refused('phone_registered');
  return register(ctx, slug, person, { byOrganizer: { actor: organizer.email, consentSource } });
}

/** An event's active registrations that already have this phone number (as kept), in the order made. */
export async function samePhoneHolders(
  ctx: ServiceContext,
  slug: string,
  phone: string,
): Promise<{ id: number; name: string; regionId: string }[]> {
  const rows = (await ctx.db
    .knex('registrations')
    .join('events', 'events.id', 'registrations.event_id')
    .where({ 'events.slug': slug, 'registrations.status': 'active', 'registrations.phone': normalizePhone(phone) })
    .orderBy('registrations.id')
    .select('registrations.id', 'registrations.name', 'registrations.region_id')) as Record<string, unknown>[];
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), regionId: String(r.region_id) }));
}

/** Adds a workshop or seminar to a person's registration on an organizer's word (audited). */
export async function addSessionByOrganizer(
  ctx: ServiceContext,
  organizer: Organizer,
  registrationId: number,
  sessionId: number,
): Promise<AddedSeat> {
  const { programme } = await registrationInScope(ctx, organizer, registrationId);
  const session = programme.sessions.find((s) => s.id === sessionId);
  if (session?.regionId && !canActInRegion(organizer, session.regionId)) throw new AppError('forbidden');
  return addSeat(ctx, registrationId, sessionId, { actor: organizer.email, organizer: true });
}

/**
 * Takes one workshop or seminar off a person's registration (the plenary stays; the last
 * session cancels the registration); the place goes to the waitlist; audited.
 */
export async function removeSessionByOrganizer(
  ctx: ServiceContext,
  organizer: Organizer,
  seatId: number,
): Promise<{ registrationId: number; promoted: Promotion[] }> {
  const { seat, registration, programme } = await seatInScope(ctx, organizer, seatId, (s) => s.status !== 'cancelled');
  if (registration.status !== 'active') throw new AppError('not_allowed');
  const session = programme.sessions.find((s) => s.id === seat.sessionId);
  if (!session || session.kind === 'plenary') throw new AppError('not_allowed');
  const others = (await seatsOf(ctx.db.knex, registration.id)).filter(
    (s) => s.id !== seatId && s.status !== 'cancelled',
  );
  // The last seat, or a seat of a course (never given up alone): the whole registration goes.
  if (others.length === 0 || takenWhole(programme.event))
    return { registrationId: registration.id, promoted: await cancelByOrganizer(ctx, organizer, registration.id) };
  const promoted = await releaseSeats(
    ctx,
    registration,
    (seats) => seats.filter((s) => s.id === seatId && s.status !== 'cancelled'),
    {
      wholeRegistration: false,
      payload: { byOrganizer: true },
      andThen: async ({ trx, seats, promoted: moved, now }) => {
        await audit(
          trx,
          {
            actor: organizer.email,
            action: 'seat.remove',
            targetType: 'registration',
            targetId: registration.id,
            before: { seats: seats.map((s) => ({ id: s.id, sessionId: s.sessionId, status: s.status })) },
            after: { status: 'cancelled', promotedSeatIds: moved.map((p) => p.seatId) },
          },
          now,
        );
      },
    },
  );
  return { registrationId: registration.id, promoted };
}

/** A registration as the organizer API answers it (in the organizer's regions). */
export async function organizerRegistration(ctx: ServiceContext, organizer: Organizer, registrationId: number) {
  const { registration: r, programme } = await registrationInScope(ctx, organizer, registrationId);
  const seats = await withPositions(
    ctx.db.knex,
    await seatsOf(ctx.db.knex, r.id),
    coverageOf(programme.quotas),
    takenWhole(programme.event),
  );
  const row = (await ctx.db.knex('registrations').where('id', r.id).first('consent_source')) as
    { consent_source: ConsentSource | null } | undefined;
  return {
    id: r.id,
    status: r.status,
    regionId: r.regionId,
    name: r.name,
    email: r.email,
    phone: r.phone,
    institution: r.institution,
    municipalityId: r.municipalityId,
    role: r.role,
    language: r.language,
    consentSource: row?.consent_source ?? null,
    items: seats.map((s) => itemOf(s, programme.event.timezone)),
  };
}
