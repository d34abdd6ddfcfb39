// The privacy jobs live one a module now: manageLink.ts, lostLink.ts, personalData.ts,
// erasure.ts and jobs/retention.ts. This re-export only keeps server/http/public.ts
// compiling until it imports sendLostLink from lostLink.ts; nothing else may use it.
export { sendLostLink } from './lostLink.js';
