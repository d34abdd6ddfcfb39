import { randomBytes } from 'node:crypto';
import {
  certificatesOfEvent,
  certifiedRegistrationIds,
  findCertificate,
  insertCertificates,
  lastCertificateNumber,
  lockCertificateNumbers,
  seatHoursOfEvent,
  setCertificateStatus,
  type Certificate,
  type NewCertificate,
} from '../../db/certificates.js';
import type { Tx } from '../../db/knex.js';
import { loadProgramme } from '../../db/programme.js';
import {
  certificateNumberText,
  contentOf,
  eligibility,
  endedSeats,
  whyNoCertificate,
  type CertificateSettings,
  type NoCertificateReason,
  type SeatHours,
} from '../../domain/certificates.js';
import { AppError, refused } from '../../domain/errors.js';
import type { Organizer } from '../../domain/organizers.js';
import type { Lang } from '../../domain/time.js';
import type { Programme } from '../../domain/types.js';
import { enqueue } from '../../mail/outbox.js';
import { audit } from '../../db/audit.js';
import { contactsOf } from '../../db/registrations.js';
import { settingsOf } from './settings.js';
import type { ServiceContext } from '../../context.js';
import { adminOnly, eventBySlug } from '../organizers/index.js';

/**
 * Certificates, issuing and correcting them: who is eligible, issuing in
 * number order, revoking and reissuing. Settings and hours: certificateSetup.ts; the PDF
 * files and verification: certificateAccess.ts.
 */

/** 120 random bits, URL-safe (20 characters): the verification code, never the readable number. */
const newVerifyCode = (): string => randomBytes(15).toString('base64url');

interface Person {
  id: number;
  name: string;
  /** Null for a person without an e-mail: the certificate is issued, no message is queued. */
  email: string | null;
  language: Lang;
}

async function peopleOf(trx: Tx, ids: readonly number[]): Promise<Map<number, Person>> {
  const out = new Map<number, Person>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = (await trx('registrations')
      .whereIn('id', ids.slice(i, i + 500))
      .select('id', 'name', 'email', 'language')) as Record<string, unknown>[];
    for (const r of rows) {
      out.set(Number(r.id), {
        id: Number(r.id),
        name: String(r.name),
        email: r.email === null ? null : String(r.email),
        language: r.language === 'en' ? 'en' : 'lv',
      });
    }
  }
  return out;
}

/**
 * Issues the next numbers to the given eligible people in one transaction (numbers are
 * serialised per event) and queues each person's e-mail with it, so a certificate and its
 * e-mail commit together. Someone who got a current certificate meanwhile is left out.
 */
async function issueTo(
  ctx: ServiceContext,
  trx: Tx,
  programme: Programme,
  settings: CertificateSettings,
  wanted: { registrationId: number; hoursTenths: number; seats: SeatHours[]; sessionIds: number[] }[],
  now: Date,
): Promise<Certificate['id'][]> {
  const eventId = programme.event.id;
  await lockCertificateNumbers(trx, ctx.db.dialect, eventId);
  const certified = await certifiedRegistrationIds(trx, eventId);
  // Numbers follow registration order, whatever order the rows came in.
  const fresh = wanted
    .filter((w) => !certified.has(w.registrationId))
    .sort((a, b) => a.registrationId - b.registrationId);
  if (fresh.length === 0) return [];
  const people = await peopleOf(
    trx,
    fresh.map((w) => w.registrationId),
  );
  let number = await lastCertificateNumber(trx, eventId);
  const issuedAt = now.toISOString();
  const rows: NewCertificate[] = [];
  for (const w of fresh) {
    const person = people.get(w.registrationId);
    if (!person) continue;
    number += 1;
    rows.push({
      eventId,
      registrationId: w.registrationId,
      number,
      numberText: certificateNumberText(settings.numberPrefix, number),
      verifyCode: newVerifyCode(),
      language: person.language,
      holderName: person.name,
      hoursTenths: w.hoursTenths,
      content: contentOf(programme, settings, w.seats, w.sessionIds),
      issuedAt,
    });
  }
  const ids = await insertCertificates(trx, rows);
  for (const [i, id] of ids.entries()) {
    const row = rows[i];
    const person = row ? people.get(row.registrationId) : undefined;
    if (!row || !person) continue;
    await enqueue(
      trx,
      {
        kind: 'certificate_issued',
        to: person.email,
        language: person.language,
        registrationId: person.id,
        payload: { certificateId: id },
      },
      now,
      ctx.mailDomain,
    );
  }
  return ids;
}

/**
 * Who would get a certificate now, and with how many hours (those who hold one included):
 * only sessions that have ended by `now` count (endedSeats).
 */
export async function eligiblePeople(
  ctx: ServiceContext,
  programme: Programme,
  settings: CertificateSettings,
  now: Date = ctx.clock(),
) {
  const seats = await seatHoursOfEvent(ctx.db.knex, programme.event.id);
  const out: { registrationId: number; hoursTenths: number; seats: SeatHours[]; sessionIds: number[] }[] = [];
  for (const [registrationId, all] of seats) {
    const list = endedSeats(all, now);
    const e = eligibility(list, settings);
    if (e.eligible) out.push({ registrationId, hoursTenths: e.hoursTenths, seats: list, sessionIds: e.sessionIds });
  }
  return { eligible: out, registrations: seats.size };
}

/** A person who gets no certificate now, and why (`already_issued`: they hold a current one). */
export interface SkippedPerson {
  registrationId: number;
  name: string;
  reason: NoCertificateReason | 'already_issued';
}

/** The checks before issuing: an admin, certificates on, some session ended. */
async function readyToIssue(ctx: ServiceContext, organizer: Organizer, slug: string, now: Date) {
  adminOnly(organizer);
  const programme = await eventBySlug(ctx, slug);
  const settings = await settingsOf(ctx, programme);
  if (!settings.enabled) throw new AppError('not_allowed', undefined, 'certificates_off');
  // Hours count only for sessions that have ended; before any has, there is nothing to certify.
  const ends = programme.sessions.filter((s) => s.status === 'scheduled').map((s) => s.endsAt);
  if (ends.length > 0 && ends.every((end) => Date.parse(end) > now.getTime())) {
    throw refused('nothing_ended', { endsAt: ends.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)) });
  }
  return { programme, settings };
}

/** Everyone with confirmed seats but those in `issued`, each with why they get none now. */
async function skippedPeople(
  ctx: ServiceContext,
  programme: Programme,
  settings: CertificateSettings,
  issued: ReadonlySet<number>,
  now: Date,
): Promise<SkippedPerson[]> {
  const seats = await seatHoursOfEvent(ctx.db.knex, programme.event.id);
  const certified = await certifiedRegistrationIds(ctx.db.knex, programme.event.id);
  const reasons = new Map<number, SkippedPerson['reason']>();
  for (const [registrationId, all] of seats) {
    if (issued.has(registrationId)) continue;
    const why = certified.has(registrationId) ? 'already_issued' : whyNoCertificate(all, now, settings);
    // Eligible and yet not issued: someone else issued theirs meanwhile.
    reasons.set(registrationId, why ?? 'already_issued');
  }
  const people = await contactsOf(ctx.db.knex, [...reasons.keys()]);
  return people
    .map((p) => ({ registrationId: p.id, name: p.name, reason: reasons.get(p.id) ?? 'already_issued' }))
    .sort((a, b) => a.name.localeCompare(b.name, 'lv'));
}

/** What "issue certificates to everyone" would do now: who gets one, who does not and why. Changes nothing. */
export async function issuePlan(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
): Promise<{ programme: Programme; toIssue: { registrationId: number; name: string }[]; skipped: SkippedPerson[] }> {
  const now = ctx.clock();
  const { programme, settings } = await readyToIssue(ctx, organizer, slug, now);
  const { eligible } = await eligiblePeople(ctx, programme, settings, now);
  const certified = await certifiedRegistrationIds(ctx.db.knex, programme.event.id);
  const fresh = eligible.filter((e) => !certified.has(e.registrationId)).map((e) => e.registrationId);
  const toIssue = (await contactsOf(ctx.db.knex, fresh))
    .map((p) => ({ registrationId: p.id, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'lv'));
  return { programme, toIssue, skipped: await skippedPeople(ctx, programme, settings, new Set(fresh), now) };
}

/**
 * Issues a certificate to everyone eligible who holds none yet: issuing again adds only
 * the new ones. `skipped`: people with confirmed seats who got none now (they hold one
 * already, or are not eligible), each with the reason.
 */
export async function issueCertificatesTo(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
): Promise<{ issued: number; skipped: SkippedPerson[] }> {
  const now = ctx.clock();
  const { programme, settings } = await readyToIssue(ctx, organizer, slug, now);
  const { eligible } = await eligiblePeople(ctx, programme, settings, now);
  const ids = await ctx.db.knex.transaction(async (trx) => {
    const issued = await issueTo(ctx, trx, programme, settings, eligible, now);
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'certificates.issue',
        targetType: 'event',
        targetId: programme.event.id,
        after: { issued: issued.length },
      },
      now,
    );
    return issued;
  });
  const issuedTo = new Set(
    ids.length === 0
      ? []
      : ((await ctx.db.knex('certificates').whereIn('id', ids).pluck('registration_id')) as number[]).map(Number),
  );
  return { issued: ids.length, skipped: await skippedPeople(ctx, programme, settings, issuedTo, now) };
}

/** As issueCertificatesTo, counting the skipped (the organizer API's answer). */
export async function issueCertificates(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
): Promise<{ issued: number; skipped: number }> {
  const { issued, skipped } = await issueCertificatesTo(ctx, organizer, slug);
  return { issued, skipped: skipped.length };
}

export async function eventCertificates(ctx: ServiceContext, organizer: Organizer, programme: Programme) {
  adminOnly(organizer);
  return certificatesOfEvent(ctx.db.knex, programme.event.id);
}

export async function certificateOr404(ctx: ServiceContext, id: number): Promise<Certificate> {
  const cert = await findCertificate(ctx.db.knex, id);
  if (!cert) throw new AppError('not_found');
  return cert;
}

/** A certificate and the slug of its event, for an admin. */
export async function certificateOf(
  ctx: ServiceContext,
  organizer: Organizer,
  id: number,
): Promise<{ certificate: Certificate; slug: string }> {
  adminOnly(organizer);
  const certificate = await certificateOr404(ctx, id);
  const programme = await loadProgramme(ctx.db, { id: certificate.eventId });
  if (!programme) throw new AppError('not_found');
  return { certificate, slug: programme.event.slug };
}

export async function revokeCertificate(
  ctx: ServiceContext,
  organizer: Organizer,
  id: number,
  reason: string,
): Promise<{ certificate: Certificate; slug: string }> {
  adminOnly(organizer);
  const { certificate: cert, slug } = await certificateOf(ctx, organizer, id);
  if (cert.status !== 'valid') throw new AppError('not_allowed');
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    await setCertificateStatus(trx, id, { status: 'revoked', revokedAt: now.toISOString(), revokedReason: reason });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'certificate.revoke',
        targetType: 'certificate',
        targetId: id,
        before: { status: cert.status },
        after: { status: 'revoked', reason },
      },
      now,
    );
  });
  return { certificate: await certificateOr404(ctx, id), slug };
}

/**
 * A corrected certificate (a name or attendance put right): a new number and code, made
 * from the data as it is now; the old one shows as replaced. The person is e-mailed the
 * new one. Refused when the person is no longer eligible (revoke instead).
 */
export async function reissueCertificate(
  ctx: ServiceContext,
  organizer: Organizer,
  id: number,
): Promise<{ certificate: Certificate; slug: string }> {
  adminOnly(organizer);
  const old = await certificateOr404(ctx, id);
  if (old.status === 'replaced') throw new AppError('not_allowed');
  const programme = await loadProgramme(ctx.db, { id: old.eventId });
  if (!programme) throw new AppError('not_found');
  const settings = await settingsOf(ctx, programme);
  const now = ctx.clock();
  const seats = endedSeats(
    (await seatHoursOfEvent(ctx.db.knex, old.eventId, [old.registrationId])).get(old.registrationId) ?? [],
    now,
  );
  const e = eligibility(seats, settings);
  if (!e.eligible) throw new AppError('not_allowed', undefined, 'not_eligible');
  const newId = await ctx.db.knex.transaction(async (trx) => {
    // The old one steps aside first: one current certificate per person and event.
    await setCertificateStatus(trx, id, { status: 'replaced' });
    const [created] = await issueTo(
      ctx,
      trx,
      programme,
      settings,
      [{ registrationId: old.registrationId, hoursTenths: e.hoursTenths, seats, sessionIds: e.sessionIds }],
      now,
    );
    if (created === undefined) throw new AppError('not_allowed');
    await setCertificateStatus(trx, id, { status: 'replaced', replacedBy: created });
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'certificate.reissue',
        targetType: 'certificate',
        targetId: id,
        before: { status: old.status, number: old.numberText, hours: old.hoursTenths },
        after: { replacedBy: created, hours: e.hoursTenths },
      },
      now,
    );
    return created;
  });
  return { certificate: await certificateOr404(ctx, newId), slug: programme.event.slug };
}
