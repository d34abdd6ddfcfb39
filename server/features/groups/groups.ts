import { findActiveByEmail, findRegistrationById, searchColumn, seatsOf } from '../../db/registrations.js';
import { setSeatStatus } from '../../db/capacityWrites.js';
import { withPositions } from '../../db/waitlistPositions.js';
import { loadProgramme } from '../../db/programme.js';
import { isUniqueViolation } from '../../db/knex.js';
import { AppError, invalid, type FieldErrors } from '../../domain/errors.js';
import { quotasCovering } from '../../domain/quotas.js';
import type { Lang } from '../../domain/time.js';
import {
  confirmsAddress,
  coverageOf,
  normalizeEmail,
  takenWhole,
  usesPlace,
  type Programme,
  type Registration,
  type Role,
  type SeatView,
} from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { TokenVault } from '../../security/tokens.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { releaseSeats } from '../registration/index.js';
import { groupFromRow, type Group } from '../../db/groups.js';
import {
  askFor,
  placeRegistration,
  type Asked,
  type Outcome,
  type PendingItem,
  type RegistrationInput,
} from '../registration/index.js';

/**
 * A school's coordinator registers several teachers at once. Each person is a registration
 * of their own, under the same caps as anyone's: with k places left, the first k in the
 * list get them and the rest wait, in list order, at consecutive positions (one capacity
 * use case places them all). Each person gets their own message and link (where the event
 * confirms addresses, their own address confirms their place); the coordinator gets the
 * group's page, where until the event starts they swap a person, add people or cancel one.
 * An address already registered is reported back on the group's page, never registered twice.
 */

/** At most this many people in one group request. */
export const GROUP_MAX = 30;

export interface GroupPersonInput {
  name: string;
  email: string;
  sessionIds: number[];
  role?: Role;
  answers?: Readonly<Record<string, unknown>>;
}

export interface GroupInput {
  coordinator: { name: string; email: string; institution: string; municipality: string };
  regionId: string;
  language: Lang;
  consent: true;
  people: GroupPersonInput[];
}

/**
 * What became of each person named: `registered` (a registration made, confirmed or
 * waiting), `already_registered` (the address had one: nothing made), or `sent` where the
 * event confirms addresses and the requester may not learn which of the two it was.
 */
export interface GroupPersonResult {
  name: string;
  email: string;
  outcome: 'registered' | 'already_registered' | 'sent';
  items: PendingItem[] | SeatView[];
}

export interface GroupResult {
  groupId: number;
  token: string;
  /** The event confirms addresses: the group's link goes to the coordinator's address only. */
  awaiting: boolean;
  people: GroupPersonResult[];
}

/** A person of the list as a registration of their own (the coordinator's school, the group's region). */
function personInput(
  input: Pick<GroupInput, 'coordinator' | 'regionId' | 'language'>,
  p: GroupPersonInput,
): RegistrationInput {
  return {
    name: p.name,
    email: p.email,
    institution: input.coordinator.institution,
    municipality: input.coordinator.municipality,
    role: p.role ?? 'teacher',
    regionId: input.regionId,
    sessionIds: p.sessionIds,
    language: input.language,
    answers: p.answers ?? {},
    consent: true,
  };
}

/** Where a person's field error belongs in the group's body: the school and region are the coordinator's. */
function fieldOfGroup(n: number, field: string): string {
  if (field === 'municipality' || field === 'institution') return `coordinator.${field}`;
  if (field === 'regionId') return field;
  return `people.${n}.${field}`;
}

/** Each person checked against the programme: every field error, named `people.<n>.<field>`. */
async function askForAll(
  ctx: ServiceContext,
  programme: Programme,
  inputs: RegistrationInput[],
  opts: { client?: string | null },
  now: Date,
  firstIndex = 0,
): Promise<Asked[]> {
  const fields: FieldErrors = {};
  const seen = new Map<string, number>();
  const asked: Asked[] = [];
  for (const [i, input] of inputs.entries()) {
    const n = firstIndex + i;
    // A group's people always come with an address (the schema requires it).
    const address = normalizeEmail(input.email ?? '');
    if (seen.has(address)) fields[`people.${n}.email`] = 'duplicate_in_group';
    seen.set(address, n);
    try {
      asked.push(await askFor(ctx, programme, input, opts, now));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid_input' && err.fields)) throw err;
      for (const [field, code] of Object.entries(err.fields)) fields[fieldOfGroup(n, field)] = code;
    }
  }
  if (Object.keys(fields).length > 0) throw invalid(fields);
  return asked;
}

/** One person's outcome, as the group's requester may know it. */
function resultOf(p: GroupPersonInput, outcome: Outcome): GroupPersonResult {
  const who = { name: p.name, email: p.email.trim() };
  if (outcome.kind === 'registered') return { ...who, outcome: 'registered', items: outcome.seats };
  if (outcome.kind === 'pending') return { ...who, outcome: 'sent', items: outcome.answer.items };
  return { ...who, outcome: 'already_registered', items: [] };
}

/** Places the people in list order, each a registration of the group; the addresses already registered are noted. */
async function placePeople(
  ctx: ServiceContext,
  tx: Parameters<typeof placeRegistration>[1],
  asked: Asked[],
  people: GroupPersonInput[],
  groupId: number,
  client: string | null,
): Promise<{ results: GroupPersonResult[]; notAdded: { name: string; email: string }[] }> {
  const results: GroupPersonResult[] = [];
  const notAdded: { name: string; email: string }[] = [];
  for (const [i, ask] of asked.entries()) {
    const person = people[i];
    if (!person) continue;
    const outcome = await placeRegistration(ctx, tx, ask, TokenVault.create(), { client, groupId });
    const made = outcome.kind === 'registered' || (outcome.kind === 'pending' && outcome.registration);
    if (!made) notAdded.push({ name: person.name, email: person.email.trim() });
    results.push(resultOf(person, outcome));
  }
  return { results, notAdded };
}

/** The coordinator's message: everyone and their places, and the group's link. */
async function tellCoordinator(
  ctx: ServiceContext,
  sql: Parameters<typeof enqueue>[0],
  group: { id: number; email: string; language: Lang },
  now: Date,
  added: number,
): Promise<void> {
  await enqueue(
    sql,
    {
      kind: 'group_registered',
      to: group.email,
      language: group.language,
      registrationId: null,
      payload: { groupId: group.id, added },
    },
    now,
    ctx.mailDomain,
  );
}

/** Registers a coordinator's group (see the top of this file). */
export async function registerGroup(
  ctx: ServiceContext,
  slug: string,
  input: GroupInput,
  opts: { client?: string | null } = {},
): Promise<GroupResult> {
  if (input.people.length === 0 || input.people.length > GROUP_MAX) throw invalid({ people: 'too_many' });
  const token = TokenVault.create();
  const now = ctx.clock();
  const at = now.toISOString();
  const inputs = input.people.map((p) => personInput(input, p));
  const client = opts.client ?? null;
  return ctx.db.capacity
    .run({ slug }, async (programme) => {
      const asked = await askForAll(ctx, programme, inputs, opts, now);
      const quotaIds = [...new Set(asked.flatMap((a) => a.quotaIds))].sort((a, b) => a - b);
      const awaiting = confirmsAddress(programme.event, ctx.addressConfirmation);
      return {
        quotaIds,
        work: async (tx) => {
          const groupId = await tx.sql.insert(
            `INSERT INTO groups (event_id, token_hash, token_sealed, name, email, institution, municipality_id,
                                 region_id, language, client_hash, not_added, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              programme.event.id,
              TokenVault.hash(token),
              ctx.tokens.seal(token),
              input.coordinator.name,
              input.coordinator.email.trim(),
              input.coordinator.institution,
              input.coordinator.municipality,
              input.regionId,
              input.language,
              client,
              '[]',
              at,
              at,
            ],
          );
          const { results, notAdded } = await placePeople(ctx, tx, asked, input.people, groupId, client);
          await tx.sql.run('UPDATE groups SET not_added = ? WHERE id = ?', [JSON.stringify(notAdded), groupId]);
          await tellCoordinator(
            ctx,
            tx.sql,
            { id: groupId, email: input.coordinator.email.trim(), language: input.language },
            now,
            results.length,
          );
          return { groupId, token, awaiting, people: results };
        },
      };
    })
    .catch((err: unknown) => {
      // Another request registered one of the addresses at the same moment: the whole
      // group is undone, and is best sent again.
      if (isUniqueViolation(err)) throw new AppError('busy');
      throw err;
    });
}

/** The group behind a group link, or 404. */
export async function groupByToken(ctx: ServiceContext, token: string): Promise<Group> {
  if (!TokenVault.looksValid(token)) throw new AppError('not_found');
  const row = (await ctx.db.knex('groups').where('token_hash', TokenVault.hash(token)).first()) as
    Record<string, unknown> | undefined;
  if (!row) throw new AppError('not_found');
  return groupFromRow(row);
}

export interface GroupView {
  group: Group;
  programme: Programme;
  people: { registration: Registration; seats: SeatView[] }[];
  /** Until the event's first session starts the coordinator may change the group. */
  open: boolean;
}

/** A group as its page shows it: every person with their seats and exact positions. */
export async function viewGroup(ctx: ServiceContext, token: string): Promise<GroupView> {
  const group = await groupByToken(ctx, token);
  const programme = await loadProgramme(ctx.db, { id: group.eventId });
  if (!programme) throw new AppError('not_found');
  const ids = (
    (await ctx.db.knex('registrations').where('group_id', group.id).orderBy('id').select('id')) as {
      id: number;
    }[]
  ).map((r) => Number(r.id));
  const coverage = coverageOf(programme.quotas);
  const people = [];
  for (const id of ids) {
    const registration = await findRegistrationById(ctx.db.knex, id);
    if (!registration) continue;
    const seats = await withPositions(
      ctx.db.knex,
      await seatsOf(ctx.db.knex, id),
      coverage,
      takenWhole(programme.event),
    );
    people.push({ registration, seats });
  }
  return { group, programme, people, open: groupOpen(programme, ctx.clock()) };
}

/** Whether the group may still be changed: its event's first session has not begun. */
function groupOpen(programme: Programme, now: Date): boolean {
  const starts = programme.sessions.filter((s) => s.status === 'scheduled').map((s) => s.startsAt);
  return programme.event.status === 'published' && starts.every((s) => s > now.toISOString());
}

/** The group's registration `registrationId`, still active, or 404; refuses once the event has begun. */
async function memberOf(ctx: ServiceContext, token: string, registrationId: number) {
  const view = await viewGroup(ctx, token);
  const person = view.people.find((p) => p.registration.id === registrationId && p.registration.status === 'active');
  if (!person) throw new AppError('not_found');
  if (!view.open) throw new AppError('not_allowed');
  return { ...view, person };
}

/** Adds people to a group, after everyone already in it and in list order (as when it was made). */
export async function addToGroup(
  ctx: ServiceContext,
  token: string,
  people: GroupPersonInput[],
  opts: { client?: string | null } = {},
): Promise<GroupPersonResult[]> {
  const view = await viewGroup(ctx, token);
  const { group } = view;
  if (!view.open) throw new AppError('not_allowed');
  const active = view.people.filter((p) => p.registration.status === 'active').length;
  if (people.length === 0 || active + people.length > GROUP_MAX) throw invalid({ people: 'too_many' });
  const coordinator = {
    coordinator: {
      name: group.name,
      email: group.email,
      institution: group.institution,
      municipality: group.municipalityId,
    },
    regionId: group.regionId,
    language: group.language,
  };
  const inputs = people.map((p) => personInput(coordinator, p));
  const now = ctx.clock();
  const client = opts.client ?? null;
  return ctx.db.capacity
    .run({ id: group.eventId }, async (programme) => {
      const asked = await askForAll(ctx, programme, inputs, opts, now);
      return {
        quotaIds: [...new Set(asked.flatMap((a) => a.quotaIds))].sort((a, b) => a - b),
        work: async (tx) => {
          const { results, notAdded } = await placePeople(ctx, tx, asked, people, group.id, client);
          const [row] = await tx.sql.all<{ not_added: string }>('SELECT not_added FROM groups WHERE id = ?', [
            group.id,
          ]);
          const all = [...(JSON.parse(row?.not_added ?? '[]') as unknown[]), ...notAdded];
          await tx.sql.run('UPDATE groups SET not_added = ?, updated_at = ? WHERE id = ?', [
            JSON.stringify(all),
            now.toISOString(),
            group.id,
          ]);
          await tellCoordinator(ctx, tx.sql, group, now, results.length);
          return results;
        },
      };
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new AppError('busy');
      throw err;
    });
}

/** Cancels one person of the group: their places go to the waitlist, and they are told. */
export async function cancelFromGroup(ctx: ServiceContext, token: string, registrationId: number): Promise<void> {
  const { group, person } = await memberOf(ctx, token, registrationId);
  await releaseSeats(ctx, person.registration, (seats) => seats.filter((s) => s.status !== 'cancelled'), {
    wholeRegistration: true,
    andThen: async ({ trx, now }) => {
      await audit(
        trx,
        {
          actor: `group:${group.id}`,
          action: 'group.cancel_person',
          targetType: 'registration',
          targetId: registrationId,
        },
        now,
      );
    },
  });
}

/**
 * Swaps a person of the group for another: the place stays (held, confirmed, offered or
 * waiting, in the same position), the person it was given to changes. The old person's link
 * ends and they are told; the new person gets a link of their own. Where the event confirms
 * addresses, the new address must confirm the place: it is held for them from now.
 */
export async function swapInGroup(
  ctx: ServiceContext,
  token: string,
  registrationId: number,
  next: { name: string; email: string },
): Promise<Registration> {
  const { group, person, programme } = await memberOf(ctx, token, registrationId);
  const old = person.registration;
  const email = next.email.trim();
  const emailNormalized = normalizeEmail(email);
  const now = ctx.clock();
  const at = now.toISOString();
  const newToken = TokenVault.create();
  const awaiting = confirmsAddress(programme.event, ctx.addressConfirmation);
  const confirmBy = new Date(now.getTime() + programme.event.holdMinutes * 60_000).toISOString();
  await ctx.db.capacity
    .run({ id: group.eventId }, (planned) => ({
      quotaIds: quotasCovering(
        coverageOf(planned.quotas),
        person.seats.map((s) => s.sessionId),
      ),
      work: async (tx) => {
        const { sql, trx } = tx;
        const [current] = await sql.all<{ status: string; email_normalized: string }>(
          'SELECT status, email_normalized FROM registrations WHERE id = ?',
          [registrationId],
        );
        if (current?.status !== 'active') throw new AppError('not_found');
        if (emailNormalized !== current.email_normalized) {
          const taken = await findActiveByEmail(sql, group.eventId, emailNormalized);
          if (taken) throw invalid({ email: 'email_registered' });
        }
        const seats = await seatsOf(trx, registrationId);
        const placed = seats.filter((s) => usesPlace(s.status) && s.status !== 'offered');
        if (awaiting) {
          // The place is held for the new person until their address confirms it.
          await setSeatStatus(
            tx,
            placed.map((s) => s.id),
            'held',
            at,
            confirmBy,
          );
        }
        const limited = seats.some((s) => s.status !== 'cancelled' && s.status !== 'confirmed') || placed.length > 0;
        await sql.run(
          `UPDATE registrations SET name = ?, email = ?, email_normalized = ?, search_text = ?, token_hash = ?,
                  token_sealed = ?, link_mailed_only = 1, address_state = ?, confirm_by = ?, address_confirmed_at = NULL,
                  updated_at = ? WHERE id = ?`,
          [
            next.name,
            email,
            emailNormalized,
            searchColumn({ name: next.name, email, institution: old.institution }).search_text,
            TokenVault.hash(newToken),
            ctx.tokens.seal(newToken),
            awaiting ? 'pending' : 'unchecked',
            awaiting && limited ? confirmBy : null,
            at,
            registrationId,
          ],
        );
        await enqueue(
          sql,
          {
            kind: 'group_swapped_out',
            to: old.email,
            language: old.language,
            registrationId,
            payload: {
              at,
              seatIds: seats.filter((s) => s.status === 'confirmed' && s.confirmedAt !== null).map((s) => s.id),
            },
          },
          now,
          ctx.mailDomain,
        );
        await enqueue(
          sql,
          {
            kind: awaiting ? 'address_confirm' : 'registration_received',
            to: email,
            language: group.language,
            registrationId,
            payload: {},
          },
          now,
          ctx.mailDomain,
        );
        await audit(
          trx,
          {
            actor: `group:${group.id}`,
            action: 'group.swap_person',
            targetType: 'registration',
            targetId: registrationId,
            before: { name: old.name, email: old.email },
            after: { name: next.name, email },
          },
          now,
        );
      },
    }))
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw invalid({ email: 'email_registered' });
      throw err;
    });
  const after = await findRegistrationById(ctx.db.knex, registrationId);
  if (!after) throw new AppError('not_found');
  return after;
}
