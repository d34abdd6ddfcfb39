/**
 * The organizer's people: lists, records, fixes, exports, reports, announcements and
 * their unsubscribe link, bursts of one client.
 */
export * from './adminRoutes.js';
export * from './burstRoutes.js';
export * from './edit.js';
export * from './fixRoutes.js';
export * from './lists.js';
export * from './programmeReport.js';
export * from './programmeReportRoutes.js';
export * from './reports.js';
export * from './unsubscribeRoutes.js';
export { CSV_TYPE, toCsv, type Table } from './exports.js';
export * from './participantsReport.js';
