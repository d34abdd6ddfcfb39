import { messagesOfRegistration } from '../../db/messages.js';
import { answerText } from '../../domain/questions.js';
import type { ServiceContext } from '../../context.js';
import { viewRegistration } from './register.js';
import { participantDataOf } from '../../db/participantData.js';

/** Everything kept about a person, for them to download (GDPR access). */
export async function personalData(ctx: ServiceContext, token: string) {
  const { registration, seats, programme, answers } = await viewRegistration(ctx, token);
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  const messages = await messagesOfRegistration(ctx.db.knex, registration.id);
  const participantData = await participantDataOf(ctx.db.knex, registration.id);
  return {
    exportedAt: ctx.clock().toISOString(),
    event: { slug: programme.event.slug, title: programme.event.title },
    registration: {
      name: registration.name,
      email: registration.email,
      phone: registration.phone,
      institution: registration.institution,
      municipality: registration.municipalityId,
      role: registration.role,
      region: registration.regionId,
      language: registration.language,
      status: registration.status,
      consentAt: registration.consentAt,
      registeredAt: registration.createdAt,
      cancelledAt: registration.cancelledAt,
    },
    seats: seats.map((s) => ({
      session: sessionOf.get(s.sessionId)?.title ?? null,
      startsAt: sessionOf.get(s.sessionId)?.startsAt ?? null,
      status: s.status,
      waitlistPosition: s.waitlistPosition,
      createdAt: s.createdAt,
      confirmedAt: s.confirmedAt,
      cancelledAt: s.cancelledAt,
    })),
    // The answers to the event's questions, also those it no longer asks.
    answers: programme.questions
      .filter((q) => answers.has(q.id))
      .map((q) => ({
        question: q.label,
        answer: answers.get(q.id),
        text: answerText(q, answers.get(q.id), registration.language),
      })),
    // ESF+ participant data, the disadvantage flags only with their consent's time.
    participantData,
    messages: messages.map((m) => ({ kind: m.kind, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
  };
}
