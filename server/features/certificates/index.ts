/** Professional development certificates: settings, issuing, revoking, the PDFs for organizers, verification, a teacher's record of them all. */
export * from './adminRoutes.js';
export * from './issue.js';
export * from './recordRoutes.js';
export { putCertificateSettings } from './settings.js';
export * from './verifyRoutes.js';
