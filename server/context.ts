import type { Database } from './db/database.js';
import type { TokenVault } from './security/tokens.js';
import type { Lang } from './domain/time.js';
import type { CertificateSeal } from './documents/seal.js';

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
  /**
   * ADDRESS_CONFIRMATION: whether a new registration's limited places are held until its
   * address confirms them, for events that do not say otherwise (Event.addressConfirmation).
   */
  addressConfirmation: boolean;
  /** The e-seal on certificate PDFs (CERTIFICATE_SIGNING_*); null or absent: unsealed. */
  certificateSeal?: CertificateSeal | null;
}

/** The person's manage link; it opens in the language they registered in (`?lang=`). */
export function manageUrl(ctx: ServiceContext, token: string, lang?: Lang): string {
  return `${ctx.baseUrl}/r/${token}${lang ? `?lang=${lang}` : ''}`;
}
