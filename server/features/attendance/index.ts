/** Attendance: marks by hand, file, meeting report or API; personal join links that record joins. */
export * from './attendance.js';
export * from './joinLinks.js';
export * from './joinRoutes.js';
export * from './report.js';
export * from './reportUpload.js';
