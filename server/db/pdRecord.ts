import type { Conn } from './knex.js';

/**
 * A teacher's professional-development record: the links that open it (kept as hashes)
 * and the certificates of an address across events.
 */

export interface RecordLink {
  email: string;
  expiresAt: string;
}

export async function insertRecordLink(
  db: Conn,
  link: { email: string; tokenHash: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db('pd_record_links').insert({
    email_normalized: link.email,
    token_hash: link.tokenHash,
    created_at: link.createdAt,
    expires_at: link.expiresAt,
  });
}

export async function findRecordLink(db: Conn, tokenHash: string): Promise<RecordLink | null> {
  const row = (await db('pd_record_links').where('token_hash', tokenHash).first('email_normalized', 'expires_at')) as
    { email_normalized: string; expires_at: string } | undefined;
  return row ? { email: String(row.email_normalized), expiresAt: String(row.expires_at) } : null;
}

/** How many links went to an address since a moment (whoever asked for them). */
export async function recordLinksSince(db: Conn, email: string, since: string): Promise<number> {
  const row = (await db('pd_record_links')
    .where('email_normalized', email)
    .andWhere('created_at', '>', since)
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * The ids of the valid certificates issued to registrations of an address, in any event,
 * oldest event first. A certificate whose registration was erased keeps no address, so it
 * is not found here.
 */
export async function validCertificateIdsOf(db: Conn, email: string): Promise<number[]> {
  const rows = (await db('certificates')
    .join('registrations', 'registrations.id', 'certificates.registration_id')
    .where('registrations.email_normalized', email)
    .andWhere('certificates.status', 'valid')
    .orderBy([{ column: 'certificates.issued_at' }, { column: 'certificates.id' }])
    .select('certificates.id')) as { id: number }[];
  return rows.map((r) => Number(r.id));
}

/** Forgets the links that no longer open anything (and the addresses they were for). */
export async function deleteExpiredRecordLinks(db: Conn, now: string): Promise<number> {
  return db('pd_record_links').where('expires_at', '<=', now).delete();
}
