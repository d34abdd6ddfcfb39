/**
 * The programme an admin sets up: events, sessions, pools and their sizes, questions,
 * place settings (address confirmation, waitlist offers), clones, the back office's event
 * pages and dashboard.
 */
export * from './adminRoutes.js';
export * from './cloneRoutes.js';
export * from './eventSettings.js';
export * from './questionRoutes.js';
export * from './quotaSize.js';
export * from './sessions.js';
