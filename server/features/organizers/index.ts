/** Organizers: accounts, roles and regions (scope), sign-in and its throttle, sessions, API tokens, the back office's auth. */
export * from './accountRoutes.js';
export * from './accounts.js';
export * from './apiTokens.js';
export * from './auth.js';
export * from './scope.js';
