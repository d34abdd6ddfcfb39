import { certificatesOfRegistration, findCertificate } from '../../db/certificates.js';
import { documentOf, pdfFilename, type PdfFile } from '../../documents/certificate.js';
import { renderCertificatePdf } from '../../documents/pdf.js';
import { AppError } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { viewRegistration } from './register.js';
import { actionByToken } from './addressActions.js';

/**
 * A person's own certificates, reached through their registration's link: the list for the
 * manage page and the API, and each one's PDF. (Issuing and the organizers' side:
 * features/certificates.)
 */

/** The person's certificates, for the manage page and the API. */
export async function certificatesOf(ctx: ServiceContext, registrationId: number) {
  return certificatesOfRegistration(ctx.db.knex, registrationId);
}

/** A certificate of the person the manage token belongs to, as a PDF (any status: it says so on /verify). */
export async function personalCertificatePdf(ctx: ServiceContext, token: string, id: number): Promise<PdfFile> {
  const { registration } = await viewRegistration(ctx, token);
  return certificatePdfOf(ctx, registration.id, id);
}

/**
 * A certificate of the registration an address was asked about, as a PDF, while the
 * link in that message works: the erasure's confirmation page offers each one to keep.
 */
export async function addressActionCertificatePdf(ctx: ServiceContext, token: string, id: number): Promise<PdfFile> {
  const { registration } = await actionByToken(ctx, token);
  return certificatePdfOf(ctx, registration.id, id);
}

async function certificatePdfOf(ctx: ServiceContext, registrationId: number, id: number): Promise<PdfFile> {
  const cert = await findCertificate(ctx.db.knex, id);
  if (!cert || cert.registrationId !== registrationId) throw new AppError('not_found');
  return {
    filename: pdfFilename(cert),
    body: await renderCertificatePdf(documentOf(cert, ctx.baseUrl), ctx.certificateSeal),
  };
}
