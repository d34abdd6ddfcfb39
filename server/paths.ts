import { fileURLToPath } from 'node:url';

/**
 * The app's own directory (the one holding views/ and public/). The code runs either as
 * TypeScript from server/ (tests, `npm run dev`, the CLI) or compiled to JavaScript in
 * dist/server/ (`npm start`, the bench), one level deeper: this file's own extension
 * tells which.
 */
export const APP_ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../..' : '..', import.meta.url));
