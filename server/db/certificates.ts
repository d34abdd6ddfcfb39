import type { Conn, Tx } from './knex.js';
import type { Dialect } from './knex.js';
import {
  defaultPrefix,
  type CertificateContent,
  type CertificateRule,
  type CertificateSettings,
  type CertificateStatus,
  type SessionSeatHours,
} from '../domain/certificates.js';

export type { CertificateContent } from '../domain/certificates.js';
import type { Lang } from '../domain/time.js';
import { toIso } from '../domain/time.js';
import {
  DEFAULT_ATTENDANCE_PERCENT,
  DEFAULT_PLENARY_ATTENDANCE,
  PLENARY_ATTENDANCE_MODES,
} from '../domain/attendance.js';

type Row = Record<string, unknown>;

/** An event's certificate settings; an event that has none yet gets the defaults (off). */
export async function certificateSettingsOf(db: Conn, eventId: number, slug: string): Promise<CertificateSettings> {
  const r = (await db('certificate_settings').where('event_id', eventId).first()) as Row | undefined;
  return {
    eventId,
    enabled: r ? Boolean(r.enabled) : false,
    issuer: { lv: String(r?.issuer_lv ?? ''), en: String(r?.issuer_en ?? '') },
    signatoryName: String(r?.signatory_name ?? ''),
    signatoryTitle: { lv: String(r?.signatory_title_lv ?? ''), en: String(r?.signatory_title_en ?? '') },
    approvalNumber: r?.approval_number ? String(r.approval_number) : null,
    approvalDate: r?.approval_date ? String(r.approval_date) : null,
    approvalAuthority: {
      lv: String(r?.approval_authority_lv ?? ''),
      en: String(r?.approval_authority_en ?? ''),
    },
    numberPrefix: r ? String(r.number_prefix) : defaultPrefix(slug),
    rule: (r?.rule === 'all_confirmed' ? 'all_confirmed' : 'attended') as CertificateRule,
    minHoursTenths: Number(r?.min_hours_tenths ?? 0),
    attendanceThresholdPercent: Number(r?.attendance_threshold_percent ?? DEFAULT_ATTENDANCE_PERCENT),
    plenaryAttendance: PLENARY_ATTENDANCE_MODES.find((m) => m === r?.plenary_attendance) ?? DEFAULT_PLENARY_ATTENDANCE,
  };
}

/** Whether the event issues certificates. */
export async function certificatesEnabled(db: Conn, eventId: number): Promise<boolean> {
  const r = (await db('certificate_settings').where('event_id', eventId).first('enabled')) as Row | undefined;
  return Boolean(r?.enabled);
}

export async function saveCertificateSettings(trx: Tx, s: CertificateSettings, now: Date): Promise<void> {
  const row = {
    enabled: s.enabled,
    issuer_lv: s.issuer.lv,
    issuer_en: s.issuer.en,
    signatory_name: s.signatoryName,
    signatory_title_lv: s.signatoryTitle.lv,
    signatory_title_en: s.signatoryTitle.en,
    approval_number: s.approvalNumber,
    approval_date: s.approvalDate,
    approval_authority_lv: s.approvalAuthority.lv,
    approval_authority_en: s.approvalAuthority.en,
    number_prefix: s.numberPrefix,
    rule: s.rule,
    min_hours_tenths: s.minHoursTenths,
    attendance_threshold_percent: s.attendanceThresholdPercent,
    plenary_attendance: s.plenaryAttendance,
    updated_at: now.toISOString(),
  };
  const updated = await trx('certificate_settings').where('event_id', s.eventId).update(row);
  if (updated === 0) await trx('certificate_settings').insert({ event_id: s.eventId, ...row });
}

/** Every confirmed seat of the event's active registrations, with its session's hours and attendance. */
export async function seatHoursOfEvent(
  db: Conn,
  eventId: number,
  registrationIds?: readonly number[],
): Promise<Map<number, SessionSeatHours[]>> {
  const q = db('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .join('sessions', 'sessions.id', 'seats.session_id')
    .where('registrations.event_id', eventId)
    .andWhere('registrations.status', 'active')
    .andWhere('seats.status', 'confirmed')
    .andWhere('sessions.status', 'scheduled')
    .orderBy([{ column: 'sessions.starts_at' }, { column: 'seats.registration_id' }])
    .select(
      'seats.registration_id',
      'seats.session_id',
      'seats.attended_at',
      'sessions.pd_hours_tenths',
      'sessions.ends_at',
    );
  if (registrationIds) void q.whereIn('seats.registration_id', [...registrationIds]);
  const rows = (await q) as Row[];
  const byRegistration = new Map<number, SessionSeatHours[]>();
  for (const r of rows) {
    const id = Number(r.registration_id);
    const list = byRegistration.get(id) ?? [];
    list.push({
      sessionId: Number(r.session_id),
      hoursTenths: Number(r.pd_hours_tenths),
      attended: r.attended_at !== null && r.attended_at !== undefined,
      endsAt: toIso(r.ends_at as string | Date),
    });
    byRegistration.set(id, list);
  }
  return byRegistration;
}

/** Registrations of the event that hold a current (valid or revoked) certificate. */
export async function certifiedRegistrationIds(db: Conn, eventId: number): Promise<Set<number>> {
  const rows = (await db('certificates')
    .where('event_id', eventId)
    .whereNot('status', 'replaced')
    .select('registration_id')) as Row[];
  return new Set(rows.map((r) => Number(r.registration_id)));
}

/**
 * Serialises the numbering of an event's certificates: on PostgreSQL a transaction-level
 * advisory lock (its own key space, apart from the capacity locks of LOCKING.md); SQLite
 * has one writer anyway.
 */
export async function lockCertificateNumbers(trx: Tx, dialect: Dialect, eventId: number): Promise<void> {
  if (dialect === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(7318, ?)', [eventId]);
}

export async function lastCertificateNumber(trx: Tx, eventId: number): Promise<number> {
  const row = (await trx('certificates').where('event_id', eventId).max({ n: 'number' }).first()) as
    { n: number | null } | undefined;
  return Number(row?.n ?? 0);
}

/** What a certificate says, as issued (the holder's name is kept apart, in holder_name). */

export interface NewCertificate {
  eventId: number;
  registrationId: number;
  number: number;
  numberText: string;
  verifyCode: string;
  language: Lang;
  holderName: string;
  hoursTenths: number;
  content: CertificateContent;
  issuedAt: string;
}

export async function insertCertificates(trx: Tx, list: readonly NewCertificate[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < list.length; i += 100) {
    const rows = (await trx('certificates')
      .insert(
        list.slice(i, i + 100).map((c) => ({
          event_id: c.eventId,
          registration_id: c.registrationId,
          number: c.number,
          number_text: c.numberText,
          verify_code: c.verifyCode,
          language: c.language,
          holder_name: c.holderName,
          hours_tenths: c.hoursTenths,
          content: JSON.stringify(c.content),
          status: 'valid',
          issued_at: c.issuedAt,
        })),
      )
      .returning('id')) as ({ id: number } | number)[];
    for (const r of rows) ids.push(typeof r === 'number' ? r : Number(r.id));
  }
  return ids;
}

/** A certificate as kept: what was issued, and what became of it since. */
export interface Certificate extends NewCertificate {
  id: number;
  status: CertificateStatus;
  revokedAt: string | null;
  revokedReason: string | null;
  replacedBy: number | null;
}

function certificateFromRow(r: Row): Certificate {
  return {
    id: Number(r.id),
    eventId: Number(r.event_id),
    registrationId: Number(r.registration_id),
    number: Number(r.number),
    numberText: String(r.number_text),
    verifyCode: String(r.verify_code),
    language: String(r.language) === 'en' ? 'en' : 'lv',
    holderName: String(r.holder_name),
    hoursTenths: Number(r.hours_tenths),
    content: JSON.parse(String(r.content)) as CertificateContent,
    status: String(r.status) as CertificateStatus,
    issuedAt: toIso(String(r.issued_at)),
    revokedAt: r.revoked_at ? toIso(String(r.revoked_at)) : null,
    revokedReason: r.revoked_reason ? String(r.revoked_reason) : null,
    replacedBy: r.replaced_by === null || r.replaced_by === undefined ? null : Number(r.replaced_by),
  };
}

export async function findCertificate(db: Conn, id: number): Promise<Certificate | null> {
  const r = (await db('certificates').where('id', id).first()) as Row | undefined;
  return r ? certificateFromRow(r) : null;
}

export async function findCertificateByCode(db: Conn, code: string): Promise<Certificate | null> {
  const r = (await db('certificates').where('verify_code', code).first()) as Row | undefined;
  return r ? certificateFromRow(r) : null;
}

export async function certificatesOfRegistration(db: Conn, registrationId: number): Promise<Certificate[]> {
  const rows = (await db('certificates').where('registration_id', registrationId).orderBy('id')) as Row[];
  return rows.map(certificateFromRow);
}

export async function certificatesOfEvent(db: Conn, eventId: number): Promise<Certificate[]> {
  const rows = (await db('certificates').where('event_id', eventId).orderBy('number')) as Row[];
  return rows.map(certificateFromRow);
}

export async function setCertificateStatus(
  trx: Tx,
  id: number,
  change: { status: CertificateStatus; revokedAt?: string; revokedReason?: string; replacedBy?: number },
): Promise<void> {
  await trx('certificates')
    .where('id', id)
    .update({
      status: change.status,
      ...(change.revokedAt ? { revoked_at: change.revokedAt } : {}),
      ...(change.revokedReason !== undefined ? { revoked_reason: change.revokedReason } : {}),
      ...(change.replacedBy !== undefined ? { replaced_by: change.replacedBy } : {}),
    });
}
