import { formatMoment, formatRange, type Lang } from '../../domain/time.js';
import { whereLine } from '../../domain/where.js';
import { translator } from '../../i18n/index.js';
import type { Programme } from '../../domain/types.js';
import type { PendingAnswer } from './register.js';

/**
 * The "check your mail" page: the address the message went to and, for each session asked
 * for, whether a place is held (until when) or which place in the queue it has. Without a
 * readable answer (an old or altered address) it says only where to look.
 */
export function checkMailVM(programme: Programme, answer: PendingAnswer | null, lang: Lang) {
  const { event } = programme;
  const tz = event.timezone;
  const whole = event.kind === 'course' || event.kind === 'single';
  const sessionOf = (id: number) => programme.sessions.find((s) => s.id === id);
  const items = (answer?.items ?? []).map((i) => {
    const session = sessionOf(i.sessionId);
    return {
      status: i.status,
      kind: session?.kind ?? 'workshop',
      title: session?.title[lang] ?? '',
      position: i.waitlistPosition,
      /** When and where, so a person who reads only this page knows it. */
      when: session ? formatRange(session.startsAt, session.endsAt, lang, tz) : '',
      where: session ? whereLine(session, translator(lang)('seminars.online')) : '',
    };
  });
  // What waits for the address first, the plenary (which needs nothing) last. A course is
  // one place, said once; a single event's one session is the event.
  const ordered = [...items.filter((i) => i.kind !== 'plenary'), ...items.filter((i) => i.kind === 'plenary')];
  const shown = event.kind === 'course' ? ordered.slice(0, 1) : ordered;
  return {
    event: { slug: event.slug, title: event.title[lang], kind: event.kind },
    email: answer?.email ?? null,
    whole,
    items: shown,
    held: items.some((i) => i.status === 'held'),
    waiting: items.some((i) => i.status === 'waitlisted'),
    deadline: answer?.confirmBy ? formatMoment(answer.confirmBy, lang, tz) : null,
  };
}
