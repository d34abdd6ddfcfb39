/**
 * The organizer's people: lists, records, fixes, exports, reports, announcements and
 * their unsubscribe link, bursts of one client.
 */
export * from './adminRoutes.js';
export * from './burstRoutes.js';
export * from './edit.js';
export * from './fixRoutes.js';
export * from './lists.js';
export * from './reports.js';
export * from './unsubscribeRoutes.js';
export * from './participantsReport.js';
