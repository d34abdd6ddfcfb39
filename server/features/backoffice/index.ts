/** The back office as one router (routes.ts) and the organizer API (apiRoutes.ts), composed from the features. */
export * from './apiRoutes.js';
export * from './routes.js';
