import { documentOf, pdfFilename } from '../certificates/document.js';
import { renderCertificatePdf } from '../certificates/pdf.js';
import { certificatesOfRegistration, findCertificate, findCertificateByCode } from '../db/certificates.js';
import { AppError } from '../domain/errors.js';
import type { Organizer } from '../domain/organizers.js';
import { certificateOr404 } from './certificates.js';
import type { ServiceContext } from './context.js';
import { adminOnly } from './organizerScope.js';
import { viewRegistration } from './registrations.js';

/** Certificates as files and as facts: the PDFs (back office, the person) and verification. */

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
