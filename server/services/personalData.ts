import { messagesOfRegistration } from '../db/messages.js';
import { answersOf } from '../db/questions.js';
import { answerText } from '../domain/questions.js';
import type { ServiceContext } from './context.js';
import { viewRegistration } from './registrations.js';

/** Everything kept about a person, for them to download (GDPR access). */
export async function personalData(ctx: ServiceContext, token: string) {
  const { registration, seats, programme } = await viewRegistration(ctx, token);
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  const messages = await messagesOfRegistration(ctx.db.knex, registration.id);
  const answers = await answersOf(ctx.db.knex, registration.id);
  return {
    exportedAt: ctx.clock().toISOString(),
    event: { slug: programme.event.slug, title: programme.event.title },
    registration: {
      name: registration.name,
      email: registration.email,
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
    // Answers to the event's own questions, archived questions too: the question, and the answer as it reads.
    answers: programme.questions
      .filter((q) => answers.has(q.id))
      .map((q) => ({ question: q.label, answer: answerText(q, answers.get(q.id), registration.language) })),
    messages: messages.map((m) => ({ kind: m.kind, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
  };
}
