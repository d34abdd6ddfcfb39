// Moved to server/security/tokens.ts; this re-export only keeps bench/mail.ts compiling
// until it imports from there. Nothing in server/ may import it.
export { TokenVault } from '../security/tokens.js';
