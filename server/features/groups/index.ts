/** A school coordinator's group of registrations (groups.ts), its API and pages (routes.ts). */
export * from './routes.js';
