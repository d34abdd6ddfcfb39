/** Professional development certificates: settings, issuing, revoking, the PDFs for organizers, verification. */
export * from './adminRoutes.js';
export * from './issue.js';
export { putCertificateSettings } from './settings.js';
export * from './verifyRoutes.js';
