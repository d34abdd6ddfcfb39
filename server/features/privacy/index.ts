/** Privacy and the record of who did what: the privacy notice, the audit and access logs' views, the mail view. */
export * from './accessLog.js';
export * from './adminRoutes.js';
export {
  actorWords,
  auditChanges,
  auditNames,
  entriesInWords,
  type AuditNames,
  type WordedChange,
} from './auditWords.js';
export * from './logViews.js';
export * from './mailAdmin.js';
export * from './notice.js';
