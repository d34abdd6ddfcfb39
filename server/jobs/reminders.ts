import { listEvents } from '../db/programme.js';
import { enqueue } from '../mail/outbox.js';
import type { ServiceContext } from '../context.js';

interface Due {
  seat_id: number;
  registration_id: number;
  /** Null for a person without an e-mail: enqueue queues nothing for them. */
  email: string | null;
  language: 'lv' | 'en';
}

/**
 * Queues a reminder for every confirmed seat whose session starts within the event's
 * reminder window (default 24 hours). Each seat is reminded once per session time:
 * moving a session clears the mark. Safe in several processes at once: on PostgreSQL a
 * second process's guarded update waits for the first one's row lock, then finds the mark
 * set and queues nothing; on SQLite the write lock serialises the two. Returns how many
 * reminders this call queued.
 */
export async function queueReminders(ctx: ServiceContext, limit = 500): Promise<number> {
  const now = ctx.clock();
  let queued = 0;
  for (const event of await listEvents(ctx.db, { publishedOnly: true })) {
    const until = new Date(now.getTime() + event.reminderHours * 3600_000).toISOString();
    queued += await ctx.db.knex.transaction(async (trx) => {
      let done = 0;
      const due = (await trx('seats')
        .join('sessions', 'sessions.id', 'seats.session_id')
        .join('registrations', 'registrations.id', 'seats.registration_id')
        .where('sessions.event_id', event.id)
        .andWhere('sessions.status', 'scheduled')
        .andWhere('sessions.starts_at', '>', now.toISOString())
        .andWhere('sessions.starts_at', '<=', until)
        .andWhere('seats.status', 'confirmed')
        .whereNull('seats.reminded_at')
        .andWhere('registrations.status', 'active')
        .orderBy('seats.id')
        .limit(limit)
        .select(
          'seats.id as seat_id',
          'registrations.id as registration_id',
          'registrations.email',
          'registrations.language',
        )) as Due[];
      for (const d of due) {
        // The guard makes a second process that raced here queue nothing.
        const marked = await trx('seats')
          .where('id', d.seat_id)
          .whereNull('reminded_at')
          .update({ reminded_at: now.toISOString() });
        if (marked === 0) continue;
        done += 1;
        await enqueue(
          trx,
          {
            kind: 'reminder',
            to: d.email,
            language: d.language,
            registrationId: d.registration_id,
            payload: { seatId: d.seat_id },
          },
          now,
          ctx.mailDomain,
        );
      }
      return done;
    });
  }
  return queued;
}
