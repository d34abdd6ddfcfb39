import { randomUUID } from 'node:crypto';
import { asSql, type SqlConn } from '../db/sql.js';
import type { Lang } from '../domain/time.js';

export type MessageKind =
  | 'registration_received'
  | 'promoted'
  | 'seat_cancelled'
  | 'seat_switched'
  | 'seat_added'
  | 'registration_cancelled'
  | 'manage_link'
  | 'session_changed'
  | 'reminder'
  | 'announcement'
  | 'certificate_issued'
  /** Fixed text to an address that has not confirmed its registration: the link to confirm it. */
  | 'address_confirm'
  /** Fixed text: the address was registered again; its link (a new one if the old one left the address). */
  | 'registered_again'
  /** A freed place offered to the first person waiting, to accept or decline by a deadline. */
  | 'place_offered'
  /** A cancellation or erasure asked with the link, to be confirmed at the address (certificates at stake). */
  | 'address_action'
  /** To a group's coordinator: everyone registered in the group and the group's page. */
  | 'group_registered'
  /** To a person whose place in a group the coordinator gave to someone else: fixed text, their entries cancelled. */
  | 'group_swapped_out'
  /** Fixed text, to an address holding certificates: the link to its record of them all (no registration). */
  | 'pd_record_link';

export interface OutgoingMessage {
  kind: MessageKind;
  /** Null for a person registered by hand without an e-mail: nothing is queued (none is invented). */
  to: string | null;
  language: Lang;
  registrationId: number | null;
  /** What the template needs; for links it may hold the manage token. */
  payload: Record<string, unknown>;
}

/**
 * Queues a message inside the caller's transaction: it commits with the change that
 * caused it, or not at all. The Message-ID is fixed now, so a resend after a crash is
 * recognisably the same message. A message to nobody (`to` null) is not queued.
 */
export async function enqueue(trx: SqlConn, message: OutgoingMessage, now: Date, mailDomain: string): Promise<void> {
  // A person without an address hears from the organizers by phone (they see who needs a call).
  if (message.to === null) return;
  const at = now.toISOString();
  await asSql(trx).run(
    `INSERT INTO outbox (kind, to_email, language, registration_id, payload, status, attempts,
                         next_attempt_at, message_id, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    [
      message.kind,
      message.to,
      message.language,
      message.registrationId,
      JSON.stringify(message.payload),
      at,
      `<${randomUUID()}@${mailDomain}>`,
      at,
    ],
  );
}
