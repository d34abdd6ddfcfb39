import { documentOf, pdfFilename, type PdfFile } from '../../documents/certificate.js';
import { renderCertificatePdf } from '../../documents/pdf.js';
import { findCertificateByCode } from '../../db/certificates.js';
import type { Organizer } from '../../domain/organizers.js';
import { certificateOr404 } from './issue.js';
import type { ServiceContext } from '../../context.js';
import { adminOnly } from '../organizers/index.js';

/** Certificates as files and as facts: the PDFs (back office, the person) and verification. */

/** A certificate's PDF for the back office. */
export async function certificatePdfFor(ctx: ServiceContext, organizer: Organizer, id: number): Promise<PdfFile> {
  adminOnly(organizer);
  const cert = await certificateOr404(ctx, id);
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
