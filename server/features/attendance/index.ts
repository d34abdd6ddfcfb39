/** Attendance: marks by hand, file or API, and the personal join links that record joins. */
export * from './attendance.js';
export * from './joinLinks.js';
export * from './joinRoutes.js';
