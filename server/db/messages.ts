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
