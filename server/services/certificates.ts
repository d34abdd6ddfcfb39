import { randomBytes } from 'node:crypto';
import { documentOf, pdfFilename, verifyUrlOf } from '../certificates/document.js';
import { renderCertificatePdf } from '../certificates/pdf.js';
import {
  certificateSettingsOf,
  certificatesOfEvent,
  certificatesOfRegistration,
  certifiedRegistrationIds,
  findCertificate,
  findCertificateByCode,
  insertCertificates,
  lastCertificateNumber,
  lockCertificateNumbers,
  saveCertificateSettings,
  seatHoursOfEvent,
  setCertificateStatus,
  type Certificate,
  type CertificateContent,
  type NewCertificate,
} from '../db/certificates.js';
import type { Tx } from '../db/knex.js';
import { loadProgramme } from '../db/programme.js';
import {
  certificateNumberText,
  eligibility,
  type CertificateSettings,
  type SeatHours,
} from '../domain/certificates.js';
import { AppError, invalid } from '../domain/errors.js';
import type { Organizer } from '../domain/organizers.js';
import type { Lang } from '../domain/time.js';
import type { Programme } from '../domain/types.js';
import { enqueue } from '../mail/outbox.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { viewRegistration } from './registrations.js';

/** 120 random bits, URL-safe (20 characters): the verification code, never the readable number. */
const newVerifyCode = (): string => randomBytes(15).toString('base64url');

function adminOnly(organizer: Organizer): void {
  if (organizer.role !== 'admin') throw new AppError('forbidden');
}

async function programmeOf(ctx: ServiceContext, slug: string): Promise<Programme> {
  const programme = await loadProgramme(ctx.db, { slug });
  if (!programme) throw new AppError('not_found');
  return programme;
}

export async function settingsOf(ctx: ServiceContext, programme: Programme): Promise<CertificateSettings> {
  return certificateSettingsOf(ctx.db.knex, programme.event.id, programme.event.slug);
}

/** Hours of each session (tenths) as the database has them. */
export async function sessionHours(ctx: ServiceContext, eventId: number): Promise<Map<number, number>> {
  const rows = (await ctx.db.knex('sessions').where('event_id', eventId).select('id', 'pd_hours_tenths')) as {
    id: number;
    pd_hours_tenths: number;
  }[];
  return new Map(rows.map((r) => [Number(r.id), Number(r.pd_hours_tenths)]));
}

/**
 * Saves the certificate settings and the hours of the sessions. Hours are programme data
 * (the programme cache reloads), so this is a programme change (LOCKING.md).
 */
export async function saveCertificateSetup(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  settings: Omit<CertificateSettings, 'eventId'>,
  hours: ReadonlyMap<number, number>,
): Promise<void> {
  adminOnly(organizer);
  const programme = await programmeOf(ctx, slug);
  for (const id of hours.keys()) {
    if (!programme.sessions.some((s) => s.id === id)) throw invalid({ [`hours-${id}`]: 'unknown_session' });
  }
  if (settings.enabled && (!settings.issuer.lv || !settings.issuer.en || !settings.signatoryName)) {
    throw invalid({
      ...(settings.issuer.lv ? {} : { issuerLv: 'required' }),
      ...(settings.issuer.en ? {} : { issuerEn: 'required' }),
      ...(settings.signatoryName ? {} : { signatoryName: 'required' }),
    });
  }
  const before = await settingsOf(ctx, programme);
  const now = ctx.clock();
  await ctx.db.capacity.changeProgramme(programme.event.id, async (trx) => {
    for (const [id, tenths] of hours) {
      await trx('sessions').where({ id, event_id: programme.event.id }).update({ pd_hours_tenths: tenths });
    }
    await saveCertificateSettings(trx, { ...settings, eventId: programme.event.id }, now);
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'certificates.settings',
        targetType: 'event',
        targetId: programme.event.id,
        before,
        after: { ...settings, hours: Object.fromEntries(hours) },
      },
      now,
    );
  });
}

/** What a certificate of this person says, from the programme and settings as they are now. */
function contentOf(
  programme: Programme,
  settings: CertificateSettings,
  seats: readonly SeatHours[],
  sessionIds: readonly number[],
): CertificateContent {
  const sessions = programme.sessions.filter((s) => sessionIds.includes(s.id));
  const all = seats.length ? programme.sessions.filter((s) => seats.some((x) => x.sessionId === s.id)) : sessions;
  const hoursOf = new Map(seats.map((s) => [s.sessionId, s.hoursTenths]));
  const first = all.reduce((a, s) => (s.startsAt < a ? s.startsAt : a), all[0]?.startsAt ?? '');
  const last = all.reduce((a, s) => (s.endsAt > a ? s.endsAt : a), all[0]?.endsAt ?? '');
  return {
    event: { title: programme.event.title, startsAt: first, endsAt: last },
    sessions: sessions.map((s) => ({
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      hoursTenths: hoursOf.get(s.id) ?? 0,
    })),
    issuer: settings.issuer,
    signatoryName: settings.signatoryName,
    signatoryTitle: settings.signatoryTitle,
    approvalNumber: settings.approvalNumber,
  };
}

interface Person {
  id: number;
  name: string;
  email: string;
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
        email: String(r.email),
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
  const fresh = wanted.filter((w) => !certified.has(w.registrationId));
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

/** Who would get a certificate now, and with how many hours (those who hold one included). */
export async function eligiblePeople(ctx: ServiceContext, programme: Programme, settings: CertificateSettings) {
  const seats = await seatHoursOfEvent(ctx.db.knex, programme.event.id);
  const out: { registrationId: number; hoursTenths: number; seats: SeatHours[]; sessionIds: number[] }[] = [];
  for (const [registrationId, list] of seats) {
    const e = eligibility(list, settings);
    if (e.eligible) out.push({ registrationId, hoursTenths: e.hoursTenths, seats: list, sessionIds: e.sessionIds });
  }
  return { eligible: out, registrations: seats.size };
}

/**
 * Issues a certificate to everyone eligible who holds none yet: issuing again adds only
 * the new ones. `skipped`: people with confirmed seats who got none now (they hold one
 * already, or are not eligible).
 */
export async function issueCertificates(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
): Promise<{ issued: number; skipped: number }> {
  adminOnly(organizer);
  const programme = await programmeOf(ctx, slug);
  const settings = await settingsOf(ctx, programme);
  if (!settings.enabled) throw new AppError('not_allowed', undefined, 'certificates_off');
  const { eligible, registrations } = await eligiblePeople(ctx, programme, settings);
  const now = ctx.clock();
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
  return { issued: ids.length, skipped: registrations - ids.length };
}

export async function eventCertificates(ctx: ServiceContext, organizer: Organizer, programme: Programme) {
  adminOnly(organizer);
  return certificatesOfEvent(ctx.db.knex, programme.event.id);
}

async function certificateOr404(ctx: ServiceContext, id: number): Promise<Certificate> {
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
  const seats = (await seatHoursOfEvent(ctx.db.knex, old.eventId, [old.registrationId])).get(old.registrationId) ?? [];
  const e = eligibility(seats, settings);
  if (!e.eligible) throw new AppError('not_allowed', undefined, 'not_eligible');
  const now = ctx.clock();
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

export interface PdfFile {
  filename: string;
  body: Buffer;
}

/** A certificate's PDF for the back office. */
export async function certificatePdfFor(ctx: ServiceContext, organizer: Organizer, id: number): Promise<PdfFile> {
  adminOnly(organizer);
  const cert = await certificateOr404(ctx, id);
  return { filename: pdfFilename(cert), body: await renderCertificatePdf(documentOf(cert, ctx.baseUrl)) };
}

/** The template as it would print now, with a sample name and every session that gives hours. */
export async function previewCertificate(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  lang: Lang,
): Promise<PdfFile> {
  adminOnly(organizer);
  const programme = await programmeOf(ctx, slug);
  const settings = await settingsOf(ctx, programme);
  const hours = await sessionHours(ctx, programme.event.id);
  const seats = programme.sessions
    .filter((s) => (hours.get(s.id) ?? 0) > 0 && s.status === 'scheduled')
    .filter((s, _i, list) => s.regionId === (list[0]?.regionId ?? null))
    .map((s) => ({ sessionId: s.id, hoursTenths: hours.get(s.id) ?? 0, attended: true }));
  const content = contentOf(
    programme,
    settings,
    seats,
    seats.map((s) => s.sessionId),
  );
  const total = seats.reduce((n, s) => n + s.hoursTenths, 0);
  const body = await renderCertificatePdf({
    ...content,
    language: lang,
    numberText: `${settings.numberPrefix ? `${settings.numberPrefix}-` : ''}0000`,
    holderName: lang === 'lv' ? 'Vārds Uzvārds' : 'First Last',
    hoursTenths: total,
    issuedAt: ctx.clock().toISOString(),
    verifyUrl: verifyUrlOf(ctx.baseUrl, 'PARAUGS-SAMPLE'),
    sample: true,
  });
  return { filename: `${programme.event.slug}-sample-${lang}.pdf`, body };
}

/** The person's certificates, for the manage page and the API. */
export async function certificatesOf(ctx: ServiceContext, registrationId: number) {
  return certificatesOfRegistration(ctx.db.knex, registrationId);
}

/** A certificate of the person the manage token belongs to, as a PDF (any status: it says so on /verify). */
export async function personalCertificatePdf(ctx: ServiceContext, token: string, id: number): Promise<PdfFile> {
  const { registration } = await viewRegistration(ctx, token);
  const cert = await findCertificate(ctx.db.knex, id);
  if (!cert || cert.registrationId !== registration.id) throw new AppError('not_found');
  return { filename: pdfFilename(cert), body: await renderCertificatePdf(documentOf(cert, ctx.baseUrl)) };
}

/** What /verify/:code may show: the status, the holder, the event, the hours and the issue date. */
export async function verifyCertificate(ctx: ServiceContext, code: string) {
  if (!/^[A-Za-z0-9_-]{20}$/.test(code)) return null;
  const cert = await findCertificateByCode(ctx.db.knex, code);
  if (!cert) return null;
  return {
    status: cert.status,
    holderName: cert.holderName,
    event: cert.content.event.title,
    hoursTenths: cert.hoursTenths,
    issuedAt: cert.issuedAt,
  };
}
