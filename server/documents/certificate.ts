import type { Certificate } from '../db/certificates.js';
import type { CertificateDocument } from './pdf.js';

/** Where anyone checks a certificate: its verification page. */
export const verifyUrlOf = (baseUrl: string, code: string): string => `${baseUrl}/verify/${code}`;

/** The PDF's content from a certificate as issued. */
export function documentOf(cert: Certificate, baseUrl: string): CertificateDocument {
  return {
    language: cert.language,
    numberText: cert.numberText,
    holderName: cert.holderName,
    hoursTenths: cert.hoursTenths,
    issuedAt: cert.issuedAt,
    verifyUrl: verifyUrlOf(baseUrl, cert.verifyCode),
    ...cert.content,
  };
}

/** An ASCII file name for the attachment and the download: "aplieciba-SVB-0007.pdf". */
export const pdfFilename = (cert: Pick<Certificate, 'numberText' | 'language'>): string =>
  `${cert.language === 'lv' ? 'aplieciba' : 'certificate'}-${cert.numberText.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`;

/** A rendered certificate, as a download or an attachment. */
export interface PdfFile {
  filename: string;
  body: Buffer;
}
