import { loadProgramme } from '../db/programme.js';
import { deleteAnswers } from '../db/questions.js';
import { anonymiseRegistration } from '../db/registrations.js';
import type { ServiceContext } from '../context.js';
import { audit } from '../db/audit.js';
import { deleteExpiredRecordLinks } from '../db/pdRecord.js';
import { deleteParticipantData } from '../db/participantData.js';

const DAY_MS = 24 * 3600_000;

/**
 * The retention job: once an event's last session ended longer ago than its retention
 * period, its registrations are anonymised (db/registrations.ts: the reports keep their
 * counts) and their answers to the event's questions deleted, their ESF+ participant data
 * too (the disadvantage answers and their consent with it: the privacy notice keeps these
 * data with the registration, and the event's retention period is what covers the
 * programme's reporting; the participants report then counts such a person as "prefer not
 * to say"). The links to teachers'
 * records of certificates that have run out are forgotten with their addresses. Returns how
 * many registrations this call anonymised.
 */
export async function applyRetention(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock();
  await deleteExpiredRecordLinks(ctx.db.knex, now.toISOString());
  const events = (await ctx.db.knex('events').select('id', 'retention_days')) as {
    id: number;
    retention_days: number;
  }[];
  let anonymised = 0;
  for (const event of events) {
    const programme = await loadProgramme(ctx.db, { id: Number(event.id) });
    const lastEnd = programme?.sessions
      .map((s) => s.endsAt)
      .sort()
      .pop();
    if (!lastEnd) continue;
    const expiry = new Date(new Date(lastEnd).getTime() + Number(event.retention_days) * DAY_MS);
    if (expiry > now) continue;
    const due = (await ctx.db
      .knex('registrations')
      .where('event_id', event.id)
      .whereNull('anonymised_at')
      .select('id')) as {
      id: number;
    }[];
    if (due.length === 0) continue;
    await ctx.db.knex.transaction(async (trx) => {
      for (const r of due) await anonymiseRegistration(trx, Number(r.id), now);
      const ids = due.map((r) => Number(r.id));
      await deleteAnswers(trx, ids);
      await deleteParticipantData(trx, ids);
      await audit(
        trx,
        {
          actor: 'retention',
          action: 'retention.anonymise',
          targetType: 'event',
          targetId: event.id,
          after: { registrations: due.length },
        },
        now,
      );
    });
    anonymised += due.length;
  }
  return anonymised;
}
