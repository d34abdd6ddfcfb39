import type { Conn } from './knex.js';

/** A message in the outbox as organizers and the person see it (addresses and bodies left out). */
export interface MessageRow {
  id: number;
  kind: string;
  status: string;
  created_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
}

/** The messages queued for one registration, oldest first. */
export async function messagesOfRegistration(db: Conn, registrationId: number): Promise<MessageRow[]> {
  return (await db('outbox')
    .where('registration_id', registrationId)
    .orderBy('id')
    .select('id', 'kind', 'status', 'created_at', 'sent_at', 'attempts', 'last_error')) as MessageRow[];
}

/** How many messages the outbox holds in each status. */
export async function outboxCounts(db: Conn): Promise<Record<string, number>> {
  const rows = (await db('outbox').groupBy('status').select('status').count({ n: '*' })) as {
    status: string;
    n: number | string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export interface FailedMessage {
  id: number;
  kind: string;
  to_email: string;
  attempts: number;
  last_error: string | null;
}

/** The messages that gave up, newest first. */
export async function failedMessages(db: Conn, limit: number): Promise<FailedMessage[]> {
  return (await db('outbox')
    .where('status', 'failed')
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'kind', 'to_email', 'attempts', 'last_error')) as FailedMessage[];
}

/** Puts a failed message back in the queue, to be sent at once; false when there is no such failed message. */
export async function requeueFailed(db: Conn, id: number, now: Date): Promise<boolean> {
  const changed = await db('outbox')
    .where({ id, status: 'failed' })
    .update({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), locked_until: null });
  return changed > 0;
}
