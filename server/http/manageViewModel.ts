import { googleCalendarUrl, outlookCalendarUrl } from '../calendar/ics.js';
import { Availability } from '../domain/availability.js';
import { joinLinkFrom } from '../domain/stream.js';
import { coverageOf, registrationOpen } from '../domain/types.js';
import { choosableSessions, type RegistrationView } from '../services/registrations.js';

/** What the manage page shows: each seat with its session, and where it may move. */
export function manageVM(
  view: RegistrationView,
  lang: 'lv' | 'en',
  now: Date,
  joinPaths: ReadonlyMap<number, string> = new Map(),
) {
  const { registration, programme, seats } = view;
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const sessionOf = new Map(programme.sessions.map((s) => [s.id, s]));
  const open = registrationOpen(programme.event, now) && registration.status === 'active';
  const held = new Set(seats.filter((s) => s.status !== 'cancelled').map((s) => s.sessionId));
  const choosable = choosableSessions(programme, registration.regionId);
  return {
    token: '',
    name: registration.name,
    email: registration.email,
    status: registration.status,
    event: { slug: programme.event.slug, title: programme.event.title[lang] },
    region: programme.regions.find((r) => r.id === registration.regionId)?.name[lang] ?? registration.regionId,
    open,
    seats: seats
      .filter((s) => s.status !== 'cancelled')
      .map((seat) => {
        const session = sessionOf.get(seat.sessionId);
        const alternatives =
          open && session && session.kind !== 'plenary'
            ? choosable
                .filter((c) => c.id !== session.id && !held.has(c.id) && c.startsAt === session.startsAt)
                .map((c) => ({ id: c.id, title: c.title[lang], available: availability.isAvailable(c.id) }))
            : [];
        const calendarEntry = session && {
          summary: session.title[lang],
          description: programme.event.title[lang],
          startsAt: session.startsAt,
          endsAt: session.endsAt,
        };
        const calendar =
          seat.status === 'confirmed' && calendarEntry
            ? {
                google: googleCalendarUrl(calendarEntry, programme.event.timezone),
                outlook: outlookCalendarUrl(calendarEntry),
              }
            : null;
        // The personal join link (never the meeting URL itself): shown to a confirmed
        // seat at any time, with the moment it starts leading to the session.
        const joinPath = registration.status === 'active' ? joinPaths.get(seat.id) : undefined;
        const join =
          joinPath && session
            ? { path: joinPath, from: joinLinkFrom(session, programme.event), ended: now >= new Date(session.endsAt) }
            : null;
        return {
          id: seat.id,
          status: seat.status,
          calendar,
          join,
          streamPath:
            session?.kind === 'plenary' && session.regionId
              ? `/events/${programme.event.slug}/live/${session.regionId}`
              : null,
          waitlistPosition: seat.waitlistPosition,
          kind: session?.kind ?? 'workshop',
          title: session?.title[lang] ?? '',
          startsAt: session?.startsAt ?? '',
          endsAt: session?.endsAt ?? '',
          cancellable: open && session?.kind !== 'plenary',
          alternatives,
        };
      }),
  };
}
