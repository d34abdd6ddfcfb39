import type { Database } from '../db/database.js';
import type { TokenVault } from '../security/tokens.js';

/** What every use case needs, passed in from main.ts (tests hand in their own). */
export interface ServiceContext {
  db: Database;
  clock: () => Date;
  tokens: TokenVault;
  baseUrl: string;
  /** Domain part of generated Message-IDs and calendar UIDs. */
  mailDomain: string;
  /** App secret: CSRF tokens and other signatures. */
  secret: string;
  /** Sender of all mail, also the ORGANIZER of calendar entries. */
  mailFrom: string;
  /** The organizers' contact: Reply-To of every e-mail, shown on the public site. */
  replyTo?: string | null;
}

export function manageUrl(ctx: ServiceContext, token: string): string {
  return `${ctx.baseUrl}/r/${token}`;
}
