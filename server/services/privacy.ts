import type { Tx } from '../db/knex.js';
import { findRegistrationById } from '../db/registrations.js';
import { loadProgramme } from '../db/programme.js';
import { AppError } from '../domain/errors.js';
import { enqueue } from '../mail/outbox.js';
import type { ServiceContext } from './context.js';
import { audit } from './audit.js';
import { cancelRegistration, viewRegistration } from './registrations.js';
import { TokenVault } from '../security/tokens.js';

/**
 * Issues a new manage link and e-mails it; the old link stops working at once (the
 * person asked because it may have leaked).
 */
export async function rotateManageLink(
  ctx: ServiceContext,
  registrationId: number,
  reason: 'asked' | 'lost',
): Promise<void> {
  const registration = await findRegistrationById(ctx.db.knex, registrationId);
  if (!registration || registration.status !== 'active') throw new AppError('not_found');
  const token = TokenVault.create();
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await trx('registrations')
      .where('id', registrationId)
      .update({
        token_hash: TokenVault.hash(token),
        token_sealed: ctx.tokens.seal(token),
        updated_at: now.toISOString(),
      });
    await enqueue(
      trx,
      {
        kind: 'manage_link',
        to: registration.email,
        language: registration.language,
        registrationId,
        payload: { rotated: true, reason },
      },
      now,
      ctx.mailDomain,
    );
    await audit(
      trx,
      {
        actor: 'participant',
        action: 'token.rotate',
        targetType: 'registration',
        targetId: registrationId,
        after: { reason },
      },
      now,
    );
  });
}

/** "I lost my link": answers the same whether or not the e-mail is registered. */
export async function sendLostLink(ctx: ServiceContext, slug: string, email: string): Promise<void> {
  const event = (await ctx.db.knex('events').where({ slug, status: 'published' }).first('id')) as
    { id: number } | undefined;
  if (!event) throw new AppError('not_found');
  const row = (await ctx.db
    .knex('registrations')
    .where({ event_id: event.id, email_normalized: email.trim().toLowerCase(), status: 'active' })
    .first('id')) as { id: number } | undefined;
  if (row) await rotateManageLink(ctx, Number(row.id), 'lost');
}

/** Everything kept about a person, for them to download (GDPR access). */
export async function personalData(ctx: ServiceContext, token: string) {
  const { registration, seats, programme } = await viewRegistration(ctx, token);
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  const messages = (await ctx.db
    .knex('outbox')
    .where('registration_id', registration.id)
    .orderBy('id')
    .select('kind', 'status', 'created_at', 'sent_at')) as Record<string, string | null>[];
  return {
    exportedAt: ctx.clock().toISOString(),
    event: { slug: programme.event.slug, title: programme.event.title },
    registration: {
      name: registration.name,
      email: registration.email,
      institution: registration.institution,
      municipality: registration.municipalityId,
      role: registration.role,
      region: registration.regionId,
      language: registration.language,
      status: registration.status,
      consentAt: registration.consentAt,
      registeredAt: registration.createdAt,
      cancelledAt: registration.cancelledAt,
    },
    seats: seats.map((s) => ({
      session: sessionOf.get(s.sessionId)?.title ?? null,
      startsAt: sessionOf.get(s.sessionId)?.startsAt ?? null,
      status: s.status,
      waitlistPosition: s.waitlistPosition,
      createdAt: s.createdAt,
      confirmedAt: s.confirmedAt,
      cancelledAt: s.cancelledAt,
    })),
    messages: messages.map((m) => ({ kind: m.kind, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
  };
}

/**
 * Removes what identifies a person — name and e-mail, in the registration and its
 * messages — and kills the manage link; region, municipality, role, institution and
 * the seats stay, so that the reports keep their counts.
 */
async function anonymise(trx: Tx, registrationId: number, now: Date): Promise<void> {
  const erased = `erased-${registrationId}@invalid`;
  await trx('registrations')
    .where('id', registrationId)
    .update({
      name: '—',
      email: erased,
      email_normalized: erased,
      token_hash: TokenVault.hash(TokenVault.create()),
      token_sealed: '',
      anonymised_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
  await trx('outbox').where('registration_id', registrationId).update({ to_email: erased, payload: '{}' });
  await trx('outbox').where({ registration_id: registrationId, status: 'pending' }).update({ status: 'skipped' });
}

/** The person deletes their registration: places freed (and promoted), then data erased. */
export async function eraseRegistration(ctx: ServiceContext, token: string): Promise<void> {
  const view = await viewRegistration(ctx, token);
  if (view.registration.status === 'active') await cancelRegistration(ctx, token);
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await anonymise(trx, view.registration.id, now);
    await audit(
      trx,
      {
        actor: 'participant',
        action: 'registration.erase',
        targetType: 'registration',
        targetId: view.registration.id,
      },
      now,
    );
  });
}

/**
 * The retention job: once an event's last session ended longer ago than its retention
 * period, its registrations are anonymised.
 */
export async function applyRetention(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock();
  const events = (await ctx.db.knex('events').select('id', 'retention_days')) as {
    id: number;
    retention_days: number;
  }[];
  let anonymised = 0;
  for (const event of events) {
    const programme = await loadProgramme(ctx.db, { id: Number(event.id) });
    const lastEnd = programme?.sessions
      .map((s) => s.endsAt)
      .sort()
      .pop();
    if (!lastEnd) continue;
    const expiry = new Date(new Date(lastEnd).getTime() + Number(event.retention_days) * 24 * 3600_000);
    if (expiry > now) continue;
    const due = (await ctx.db
      .knex('registrations')
      .where('event_id', event.id)
      .whereNull('anonymised_at')
      .select('id')) as {
      id: number;
    }[];
    if (due.length === 0) continue;
    await ctx.db.knex.transaction(async (trx) => {
      for (const r of due) await anonymise(trx, Number(r.id), now);
      await audit(
        trx,
        {
          actor: 'retention',
          action: 'retention.anonymise',
          targetType: 'event',
          targetId: event.id,
          after: { registrations: due.length },
        },
        now,
      );
    });
    anonymised += due.length;
  }
  return anonymised;
}
