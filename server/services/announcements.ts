import { countRegistrants, listRegistrants, type RegistrantFilter } from '../db/registrants.js';
import { invalid } from '../domain/errors.js';
import { enqueue } from '../mail/outbox.js';
import type { ServiceContext } from './context.js';
import { audit } from './audit.js';
import type { Organizer } from '../domain/organizers.js';

export interface Announcement {
  subject: string;
  text: string;
}

function check(a: Announcement): void {
  const fields: Record<string, string> = {};
  if (!a.subject.trim()) fields.subject = 'required';
  else if (a.subject.length > 200) fields.subject = 'too_long:200';
  if (!a.text.trim()) fields.text = 'required';
  else if (a.text.length > 10_000) fields.text = 'too_long:10000';
  if (Object.keys(fields).length > 0) throw invalid(fields);
}

/** How many people a segment reaches (active registrations only). */
export function recipientCount(ctx: ServiceContext, filter: RegistrantFilter): Promise<number> {
  return countRegistrants(ctx.db.knex, { ...filter, status: filter.status ?? 'active' });
}

/** Queues one e-mail per person in the segment through the outbox, in one transaction. */
export async function sendAnnouncement(
  ctx: ServiceContext,
  organizer: Organizer,
  filter: RegistrantFilter,
  message: Announcement,
): Promise<number> {
  check(message);
  const segment = { ...filter, status: filter.status ?? 'active' };
  const people = await listRegistrants(ctx.db.knex, segment, { limit: 100_000, offset: 0 }, 'lv');
  const now = ctx.clock();
  await ctx.db.knex.transaction(async (trx) => {
    for (const p of people.filter((x) => x.status === 'active')) {
      await enqueue(
        trx,
        {
          kind: 'announcement',
          to: p.email,
          language: p.language === 'en' ? 'en' : 'lv',
          registrationId: p.id,
          payload: { subject: message.subject, text: message.text },
        },
        now,
        ctx.mailDomain,
      );
    }
    await audit(
      trx,
      {
        actor: organizer.email,
        action: 'announcement.send',
        targetType: 'event',
        targetId: filter.eventId,
        after: { filter: { ...segment, scope: undefined }, subject: message.subject, recipients: people.length },
      },
      now,
    );
  });
  return people.filter((x) => x.status === 'active').length;
}
