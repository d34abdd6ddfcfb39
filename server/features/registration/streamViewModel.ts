import { countdown, embeddableOrigin, streamState, type StreamState } from '../../domain/stream.js';
import type { Lang } from '../../domain/time.js';
import type { Programme, Session } from '../../domain/types.js';
import { plural, type Translate } from '../../i18n/index.js';
import { eventPageVM, type RegionVM } from './eventViewModels.js';

export interface StreamPageVM {
  slug: string;
  eventTitle: string;
  region: { id: string; name: string };
  title: string;
  description: string;
  speakers: string;
  startsAt: string;
  endsAt: string;
  state: StreamState;
  /** "2 d. 3 st. 5 min", computed on the server so the page is right without scripts. */
  countdown: string;
  /** Only while live and only from an allowed origin. */
  player: { src: string; origin: string } | null;
  /** A plain link to the stream while live, beside the player or instead of it. */
  streamLink: string | null;
  programme: RegionVM['sessions'];
  places: RegionVM['places'];
  /** Registration for a workshop, offered only while it is open and places remain. */
  registerUrl: string | null;
  otherRegions: { id: string; name: string }[];
}

/**
 * "Sākas pēc …" in words: days and hours while days remain, else hours and minutes; a
 * unit that is 0 is left out ("pēc 30 dienām", "pēc 2 stundām un 5 minūtēm").
 * public/js/countdown.js keeps the same text current in the browser.
 */
export function formatCountdown(startsAt: string, now: Date, t: Translate, lang: Lang): string {
  const c = countdown(startsAt, now);
  const units: [string, number][] =
    c.days > 0
      ? [
          ['live.unit.days', c.days],
          ['live.unit.hours', c.hours],
        ]
      : [
          ['live.unit.hours', c.hours],
          ['live.unit.minutes', c.minutes],
        ];
  const parts = units.filter(([, n]) => n > 0).map(([unit, n]) => plural(t, lang, unit, n));
  if (parts.length === 0) parts.push(plural(t, lang, 'live.unit.minutes', 0));
  return parts.join(` ${t('live.unit.and')} `);
}

/** The plenary the region's stream page is about: the first one of the day. */
export function plenaryOf(programme: Programme, regionId: string): Session | null {
  return (
    programme.sessions.find((s) => s.kind === 'plenary' && s.status === 'scheduled' && s.regionId === regionId) ?? null
  );
}

export function streamPageVM(
  programme: Programme,
  plenary: Session,
  lang: Lang,
  now: Date,
  t: Translate,
): StreamPageVM {
  const page = eventPageVM(programme, lang, now);
  const region = page.regions.find((r) => r.id === plenary.regionId);
  const state = streamState(plenary, now);
  const origin = embeddableOrigin(plenary);
  const live = state === 'live';
  const places = region?.places ?? null;
  // Once the workshops have begun there is nothing left to register for.
  const workshopsAhead = (region?.sessions ?? []).some((s) => s.kind !== 'plenary' && !s.started);
  return {
    slug: page.slug,
    eventTitle: page.title,
    region: { id: region?.id ?? '', name: region?.name ?? '' },
    title: plenary.title[lang],
    description: plenary.description[lang],
    speakers: plenary.speakers[lang],
    startsAt: plenary.startsAt,
    endsAt: plenary.endsAt,
    state,
    countdown: formatCountdown(plenary.startsAt, now, t, lang),
    player: live && origin && plenary.streamUrl ? { src: plenary.streamUrl, origin } : null,
    streamLink: live && plenary.streamUrl?.startsWith('https://') ? plenary.streamUrl : null,
    programme: region?.sessions ?? [],
    places,
    registerUrl:
      page.open && workshopsAhead && places && places.left > 0
        ? `/events/${page.slug}/register?region=${region?.id ?? ''}`
        : null,
    otherRegions: page.regions.filter((r) => r.id !== plenary.regionId).map((r) => ({ id: r.id, name: r.name })),
  };
}
