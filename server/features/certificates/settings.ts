import { verifyUrlOf, type PdfFile } from '../../documents/certificate.js';
import { renderCertificatePdf } from '../../documents/pdf.js';
import { certificateSettingsOf, saveCertificateSettings } from '../../db/certificates.js';
import { invalid } from '../../domain/errors.js';
import { contentOf, type CertificateSettings } from '../../domain/certificates.js';
import type { Organizer } from '../../domain/organizers.js';
import type { Lang } from '../../domain/time.js';
import type { Programme } from '../../domain/types.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { adminOnly, eventBySlug } from '../organizers/index.js';

/** Certificate settings of an event and the hours of its sessions, and a sample of the certificate. */

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
  input: Omit<CertificateSettings, 'eventId' | 'attendanceThresholdPercent' | 'plenaryAttendance'> &
    Partial<Pick<CertificateSettings, 'attendanceThresholdPercent' | 'plenaryAttendance'>>,
  hours: ReadonlyMap<number, number>,
): Promise<void> {
  adminOnly(organizer);
  const programme = await eventBySlug(ctx, slug);
  for (const id of hours.keys()) {
    if (!programme.sessions.some((s) => s.id === id)) throw invalid({ [`hours-${id}`]: 'unknown_session' });
  }
  if (input.enabled && (!input.issuer.lv || !input.issuer.en || !input.signatoryName)) {
    throw invalid({
      ...(input.issuer.lv ? {} : { issuerLv: 'required' }),
      ...(input.issuer.en ? {} : { issuerEn: 'required' }),
      ...(input.signatoryName ? {} : { signatoryName: 'required' }),
    });
  }
  const before = await settingsOf(ctx, programme);
  // Attendance settings left out keep what they were.
  const settings = {
    ...input,
    attendanceThresholdPercent: input.attendanceThresholdPercent ?? before.attendanceThresholdPercent,
    plenaryAttendance: input.plenaryAttendance ?? before.plenaryAttendance,
  };
  const pct = settings.attendanceThresholdPercent;
  if (!Number.isInteger(pct) || pct < 1 || pct > 100) throw invalid({ attendanceThresholdPercent: 'invalid_percent' });
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

/** The template as it would print now, with a sample name and every session that gives hours. */
export async function previewCertificate(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  lang: Lang,
): Promise<PdfFile> {
  adminOnly(organizer);
  const programme = await eventBySlug(ctx, slug);
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
