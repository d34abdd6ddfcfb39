import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/knex.js';
import type { Lang } from '../domain/time.js';

export type MessageKind =
  | 'registration_received'
  | 'promoted'
  | 'seat_cancelled'
  | 'seat_switched'
  | 'registration_cancelled'
  | 'manage_link'
  | 'session_changed'
  | 'reminder'
  | 'announcement';

export interface OutgoingMessage {
  kind: MessageKind;
  to: string;
  language: Lang;
  registrationId: number | null;
  /** What the template needs; for links it may hold the manage token. */
  payload: Record<string, unknown>;
}

/**
 * Queues a message inside the caller's transaction: it commits with the change that
 * caused it, or not at all. The Message-ID is fixed now, so a resend after a crash is
 * recognisably the same message.
 */
export async function enqueue(trx: Tx, message: OutgoingMessage, now: Date, mailDomain: string): Promise<void> {
  const at = now.toISOString();
  await trx('outbox').insert({
    kind: message.kind,
    to_email: message.to,
    language: message.language,
    registration_id: message.registrationId,
    payload: JSON.stringify(message.payload),
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    message_id: `<${randomUUID()}@${mailDomain}>`,
    created_at: at,
  });
}
