/**
 * Registration: a person's registration from the form or the API to the manage page —
 * places held, confirmed, offered or waited for under the capacity runner (LOCKING.md),
 * address confirmation and lapses (holds.ts), waitlist offers, a second registration for an
 * address, the person's own data, certificates and erasure. Also the public pages a person
 * registers from: the event list and pages, calendar feeds and stream pages.
 * Other features and app.ts use it through this file only.
 */
export * from './addSeat.js';
export * from './apiRoutes.js';
export * from './calendarRoutes.js';
export * from './holds.js';
export * from './moveSeat.js';
export * from './participantRoutes.js';
export * from './promotion.js';
export * from './publicRoutes.js';
export * from './register.js';
export * from './releaseSeats.js';
export * from './streamRoutes.js';
