import { documentOf, pdfFilename, type PdfFile } from '../../documents/certificate.js';
import { renderCertificatePdf } from '../../documents/pdf.js';
import { findCertificateByCode } from '../../db/certificates.js';
import type { Organizer } from '../../domain/organizers.js';
import { isoInZone } from '../../domain/time.js';
import { certificateOr404 } from './issue.js';
import type { ServiceContext } from '../../context.js';
import { adminOnly } from '../organizers/index.js';

/** Certificates as files and as facts: the PDFs (back office, the person) and verification. */

/** A certificate's PDF for the back office. */
export async function certificatePdfFor(ctx: ServiceContext, organizer: Organizer, id: number): Promise<PdfFile> {
  adminOnly(organizer);
  const cert = await certificateOr404(ctx, id);
  return {
    filename: pdfFilename(cert),
    body: await renderCertificatePdf(documentOf(cert, ctx.baseUrl), ctx.certificateSeal),
  };
}

/**
 * What /verify/:code may show, from the register of issued certificates as issued: the
 * status, the number, the holder, the event, the hours, the dates of the sessions it
 * counts and the issue date; never an e-mail address. An erased registration leaves its
 * certificates as they are (features/registration/erasure.ts), so this stays true.
 */
export async function verifyCertificate(ctx: ServiceContext, code: string) {
  if (!/^[A-Za-z0-9_-]{20}$/.test(code)) return null;
  const cert = await findCertificateByCode(ctx.db.knex, code);
  if (!cert) return null;
  const counted = cert.content.sessions.length > 0 ? cert.content.sessions : [cert.content.event];
  return {
    status: cert.status,
    number: cert.numberText,
    holderName: cert.holderName,
    event: cert.content.event.title,
    hoursTenths: cert.hoursTenths,
    /** The days of the sessions it counts (in order, each once), as moments in them. */
    sessionDays: sessionDays(counted.map((s) => s.startsAt)),
    issuedAt: cert.issuedAt,
  };
}

/** One moment a day in Riga, in order: the sessions' starts, a day once. */
function sessionDays(starts: readonly string[]): string[] {
  const byDay = new Map<string, string>();
  for (const start of [...starts].sort()) {
    const day = isoInZone(start).slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, start);
  }
  return [...byDay.values()];
}
