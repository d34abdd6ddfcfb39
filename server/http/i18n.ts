import type { IncomingMessage } from 'node:http';
import accepts from 'accepts';
import type { NextFunction, Request, Response } from 'express';
import { dateAlone, formatHours, hoursPhrase } from '../domain/certificates.js';
import {
  formatAt,
  formatDate,
  formatDates,
  formatDateTime,
  formatDay,
  formatMoment,
  formatRange,
  formatTime,
  formatTimes,
  type Lang,
} from '../domain/time.js';
import { sessionLabel, whereLine } from '../domain/where.js';
import { fieldMessage, isLang, isMessageKey, translator, type MessageKey, type Translate } from '../i18n/index.js';
import { LangQuery, queryOf } from './schemas.js';

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Open stream pages set no cookie at all, not even for a language chosen there: anyone
 * may watch without being tracked or asked for consent; their links carry `?lang=`.
 */
const COOKIE_FREE_PATH = /^\/events\/[^/]+\/live\//;

/**
 * A request's path as a link on this site: one leading slash. `//evil.example/x` (or
 * `/\evil.example`, which browsers read the same) would be a link to another host.
 */
export function ownPath(path: string): string {
  return `/${path.replace(/^[/\\]+/, '')}`;
}

export function langOf(req: Request): Lang {
  return (req as Request & { lang?: Lang }).lang ?? 'lv';
}

export function setLang(req: Request, lang: Lang): void {
  (req as Request & { lang?: Lang }).lang = lang;
}

/** The language an API client asks for in Accept-Language (as req.acceptsLanguages); Latvian otherwise. */
export function acceptedLanguage(req: IncomingMessage): Lang {
  if (!req.headers['accept-language']) return 'lv';
  return accepts(req).languages('lv', 'en') === 'en' ? 'en' : 'lv';
}

export function tOf(req: Request): Translate {
  return translator(langOf(req));
}

/** A session as the back office names it in a heading: title, date and time, place (domain/where.ts). */
export function sessionNamed(
  req: Request,
  session: { title: Record<Lang, string>; startsAt: string; place: string | null; address: string | null },
): string {
  return sessionLabel(session, langOf(req), tOf(req)('seminars.online'));
}

/** What templates use to speak a language: made once per language, shared by requests. */
const TEMPLATE_HELPERS: Record<Lang, Record<string, unknown>> = {
  lv: templateHelpers('lv'),
  en: templateHelpers('en'),
};

/** Titles shown in tabs and search results stay under this many characters. */
export const TITLE_MAX = 60;

/**
 * A page's <title>: the page's own title, then the site's name unless the title holds it
 * already; under TITLE_MAX characters (the site's name goes first, then words of the title).
 */
export function pageTitle(title: string, site: string): string {
  const full = title.includes(site) ? title : `${title} — ${site}`;
  if (full.length < TITLE_MAX) return full;
  if (title.length < TITLE_MAX) return title;
  const cut = title.slice(0, TITLE_MAX - 2);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20)).replace(/[\s,:;—–-]+$/, '')}…`;
}

function templateHelpers(lang: Lang): Record<string, unknown> {
  const t = translator(lang);
  return {
    lang,
    t,
    fieldMessage: (code: string) => fieldMessage(t, code),
    pageTitle,
    /** A catalogue text when the key exists (a code's label), else null: `known('audit.action.' + a) || a`. */
    known: (key: string) => (isMessageKey(key) ? t(key) : null),
    day: (iso: string) => formatDay(iso, lang),
    time: (iso: string) => formatTime(iso, lang),
    range: (a: string, b: string) => formatRange(a, b, lang),
    /** Where a session is held, as one line: its place and address, or online. */
    where: (s: { place: string | null; address: string | null }) => whereLine(s, t('seminars.online')),
    /** A session told apart from others of its title: "Title — date, time · Place" (domain/where.ts). */
    sessionLabel: (s: {
      title: Record<Lang, string>;
      startsAt: string;
      place: string | null;
      address: string | null;
    }) => sessionLabel(s, lang, t('seminars.online')),
    moment: (iso: string) => formatMoment(iso, lang),
    hours: (tenths: number) => hoursPhrase(tenths, lang),
    hoursNumber: (tenths: number) => formatHours(tenths, lang),
    dateOnly: (iso: string) => dateAlone(iso, lang),
    times: (a: string, b: string) => formatTimes(a, b, lang),
    date: (iso: string) => formatDate(iso, lang),
    dateTime: (iso: string) => formatDateTime(iso, lang),
    dates: (a: string, b: string) => formatDates(a, b, lang),
    /** Inside a sentence: "pirmdien, 28. decembrī, plkst. 11.30" / "on Monday, 28 December at 11:30". */
    at: (iso: string) => formatAt(iso, lang),
    /**
     * A catalogue text cut at the placeholders named in `slots`, so that a template puts
     * markup (a link, <code>) there and escapes the rest: [{ text }, { slot: 'dir' }, …].
     */
    slots: (key: MessageKey, slots: readonly string[]): ({ text: string } | { slot: string })[] =>
      t(key, Object.fromEntries(slots.map((name) => [name, `\u0000${name}\u0000`])))
        .split('\u0000')
        .map((part, i) => (i % 2 === 1 && slots.includes(part) ? { slot: part } : { text: part }))
        .filter((part) => !('text' in part) || part.text !== ''),
  };
}

/**
 * The language of answers that depend on the request alone — the JSON API and the calendar
 * feeds: `?lang=`, then Accept-Language; Latvian otherwise. No cookie is read or set (a
 * calendar app sends none), so caches can keep such answers per Accept-Language.
 */
export function requestLanguage(req: Request, _res: Response, next: NextFunction): void {
  const asked = askedLanguage(req);
  setLang(req, asked.lang ?? acceptedLanguage(req));
  next(asked.refused);
}

/**
 * `?lang=` as asked (undefined when absent or neither lv nor en), and the 400 to answer
 * when it is given more than once; the request then goes on in the language it would have had.
 */
function askedLanguage(req: Request): { lang: Lang | undefined; refused?: unknown } {
  try {
    return { lang: queryOf(LangQuery, req).lang };
  } catch (err) {
    return { lang: undefined, refused: err };
  }
}

/** Whether the visitor chose a language: `?lang=` or the cookie it left. */
export function languageChosen(req: Request): boolean {
  const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
  return askedLanguage(req).lang !== undefined || isLang(cookies.lang);
}

/** Renders this request's page in `lang` (a person's own page in the language they registered in). */
export function useLanguage(req: Request, res: Response, lang: Lang): void {
  setLang(req, lang);
  Object.assign(res.locals, TEMPLATE_HELPERS[lang]);
  defineSwitch(req, res, lang);
}

function defineSwitch(req: Request, res: Response, lang: Lang): void {
  const query = req.query;
  const path = req.path;
  // The language switch keeps the rest of the query; built only when a page shows it.
  Object.defineProperty(res.locals, 'langSwitchUrl', {
    configurable: true,
    enumerable: true,
    get: () => {
      const params = new URLSearchParams(query as Record<string, string>);
      params.set('lang', lang === 'lv' ? 'en' : 'lv');
      return `${ownPath(path)}?${params.toString()}`;
    },
  });
}

/**
 * Picks a page's language: `?lang=` (remembered in a cookie, except on open stream
 * pages), then the cookie; Latvian otherwise.
 */
export function languageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const path = req.path;
  // The JSON API chose its language already (apiLanguage) and renders no page.
  if (path.startsWith('/api/')) {
    next();
    return;
  }
  const asked = askedLanguage(req);
  const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
  let lang: Lang = 'lv';
  if (asked.lang) {
    lang = asked.lang;
    if (!COOKIE_FREE_PATH.test(path)) {
      res.cookie('lang', lang, { maxAge: YEAR_SECONDS * 1000, sameSite: 'lax', httpOnly: true, path: '/' });
    }
  } else if (isLang(cookies.lang)) {
    lang = cookies.lang;
  }
  setLang(req, lang);

  Object.assign(res.locals, TEMPLATE_HELPERS[lang]);
  defineSwitch(req, res, lang);
  next(asked.refused);
}
