import { formatDateTime, type Lang } from './time.js';
import type { Session } from './types.js';

/**
 * Where a session is held. A session with a place is held there (with its street address
 * where one is given); a session without one is held online — the programme's plenaries,
 * workshops and online seminars, joined by the person's own link (domain/joinLink.ts).
 */
export type Where = { online: true } | { online: false; place: string; address: string | null };

export function whereOf(session: Pick<Session, 'place' | 'address'>): Where {
  const place = session.place?.trim();
  if (!place) return { online: true };
  return { online: false, place, address: session.address?.trim() || null };
}

/** Where, as one line: "Rīgas 1. vidusskola, Dzirnavu iela 1, Rīga", or the word for online. */
export function whereLine(session: Pick<Session, 'place' | 'address'>, online: string): string {
  const w = whereOf(session);
  return w.online ? online : [w.place, w.address].filter(Boolean).join(', ');
}

/**
 * A session told apart from others of its title (five seminars may share one):
 * "Title — 2026. gada 28. decembris, plkst. 10.00 · Place". Every row, heading, select and
 * export column of the back office that names a session uses it.
 */
export function sessionLabel(
  session: Pick<Session, 'title' | 'startsAt' | 'place' | 'address'>,
  lang: Lang,
  online: string,
): string {
  return `${session.title[lang]} — ${formatDateTime(session.startsAt, lang)} · ${whereLine(session, online)}`;
}
