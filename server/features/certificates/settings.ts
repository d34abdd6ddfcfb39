import { verifyUrlOf, type PdfFile } from '../../documents/certificate.js';
import { renderCertificatePdf } from '../../documents/pdf.js';
import { certificateSettingsOf, saveCertificateSettings } from '../../db/certificates.js';
import { invalid } from '../../domain/errors.js';
import { contentOf, formatHours, type CertificateSettings } from '../../domain/certificates.js';
import type { CertificateSettingsBody } from '../../http/admin/pdSchemas.js';
import type { z } from 'zod';

type CertificateSettingsInput = z.output<typeof CertificateSettingsBody>;
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
  input: SettingsInput,
  hours: ReadonlyMap<number, number>,
  field: typeof FORM_FIELDS = FORM_FIELDS,
): Promise<CertificateSettings> {
  adminOnly(organizer);
  const programme = await eventBySlug(ctx, slug);
  for (const id of hours.keys()) {
    if (!programme.sessions.some((s) => s.id === id)) {
      throw invalid({ [field === API_FIELDS ? `sessionHours.${id}` : `hours-${id}`]: 'unknown_session' });
    }
  }
  if (input.enabled && (!input.issuer.lv || !input.issuer.en || !input.signatoryName)) {
    throw invalid({
      ...(input.issuer.lv ? {} : { [field.issuerLv]: 'required' }),
      ...(input.issuer.en ? {} : { [field.issuerEn]: 'required' }),
      ...(input.signatoryName ? {} : { signatoryName: 'required' }),
    });
  }
  const before = await settingsOf(ctx, programme);
  const settings: Omit<CertificateSettings, 'eventId'> = {
    ...input,
    numberPrefix: input.numberPrefix ?? before.numberPrefix,
    attendanceThresholdPercent: input.attendanceThresholdPercent ?? before.attendanceThresholdPercent,
    plenaryAttendance: input.plenaryAttendance ?? before.plenaryAttendance,
    approvalDate: input.approvalDate === undefined ? before.approvalDate : input.approvalDate,
    approvalAuthority: input.approvalAuthority ?? before.approvalAuthority,
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
  return { ...settings, eventId: programme.event.id };
}

/** What a save may leave out (the number prefix, the attendance settings, the approval's date and authority) stays as it is. */
export type SettingsInput = Omit<
  CertificateSettings,
  'eventId' | 'numberPrefix' | 'attendanceThresholdPercent' | 'plenaryAttendance' | 'approvalDate' | 'approvalAuthority'
> &
  Partial<
    Pick<
      CertificateSettings,
      'numberPrefix' | 'attendanceThresholdPercent' | 'plenaryAttendance' | 'approvalDate' | 'approvalAuthority'
    >
  >;

/** Field names of the form (issuerLv) or of the API (issuer.lv), for the errors. */
const FORM_FIELDS = { issuerLv: 'issuerLv', issuerEn: 'issuerEn' };
const API_FIELDS = { issuerLv: 'issuer.lv', issuerEn: 'issuer.en' };

/** The settings as the organizer API has them: the PUT body's shape, with every session's hours. */
export function settingsJson(s: CertificateSettings, hours: ReadonlyMap<number, number>) {
  return {
    enabled: s.enabled,
    issuer: s.issuer,
    signatoryName: s.signatoryName,
    signatoryTitle: s.signatoryTitle,
    approval: { number: s.approvalNumber, date: s.approvalDate, authority: s.approvalAuthority },
    numberPrefix: s.numberPrefix,
    rule: s.rule,
    minHours: formatHours(s.minHoursTenths, 'en'),
    attendanceThresholdPercent: s.attendanceThresholdPercent,
    plenaryAttendance: s.plenaryAttendance,
    sessionHours: Object.fromEntries([...hours].map(([id, tenths]) => [String(id), formatHours(tenths, 'en')])),
  };
}

/** PUT /api/v1/admin/events/:slug/certificate-settings: the settings form's save, from JSON. */
export async function putCertificateSettings(
  ctx: ServiceContext,
  organizer: Organizer,
  slug: string,
  body: CertificateSettingsInput,
): Promise<ReturnType<typeof settingsJson>> {
  const hours = new Map(Object.entries(body.sessionHours).map(([id, tenths]) => [Number(id), tenths]));
  const saved = await saveCertificateSetup(
    ctx,
    organizer,
    slug,
    {
      enabled: body.enabled,
      issuer: body.issuer,
      signatoryName: body.signatoryName,
      signatoryTitle: body.signatoryTitle,
      approvalNumber: body.approval.number,
      approvalDate: body.approval.date,
      approvalAuthority: body.approval.authority,
      numberPrefix: body.numberPrefix,
      rule: body.rule,
      minHoursTenths: body.minHours,
      attendanceThresholdPercent: body.attendanceThresholdPercent,
      plenaryAttendance: body.plenaryAttendance,
    },
    hours,
    API_FIELDS,
  );
  return settingsJson(saved, await sessionHours(ctx, saved.eventId));
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
