import { Router, type Response } from 'express';
import { personalFeed, publicFeed } from '../../calendar/feeds.js';
import { loadProgramme } from '../../db/programme.js';
import { AppError } from '../../domain/errors.js';
import { manageUrl, type ServiceContext } from '../../context.js';
import { viewRegistration } from './register.js';
import { langOf, requestLanguage } from '../../http/i18n.js';
import { cachedBody, sendCached, type CachedBody } from '../../http/cachedBody.js';
import { ProgrammeMemo } from './programmeMemo.js';
import { joinPathsOf } from '../attendance/index.js';
import { NOINDEX } from '../../http/securityHeaders.js';

const ICS_TYPE = 'text/calendar; charset=utf-8';

function icsHeaders(filename: string, privateFeed: boolean): [string, string][] {
  return [
    ['Content-Disposition', `inline; filename="${filename}"`],
    ['Cache-Control', privateFeed ? 'private, no-store' : 'public, max-age=300, s-maxage=1'],
    ...(privateFeed
      ? [['Referrer-Policy', 'no-referrer'] as [string, string], ['X-Robots-Tag', NOINDEX] as [string, string]]
      : []),
  ];
}

function sendIcs(res: Response, body: string | CachedBody, headers: readonly [string, string][]): void {
  for (const [name, value] of headers) res.setHeader(name, value);
  sendCached(res, ICS_TYPE, typeof body === 'string' ? cachedBody(body) : body);
}

export function calendarRouter(ctx: ServiceContext): Router {
  const router = Router();
  const feed = () => ({
    baseUrl: ctx.baseUrl,
    mailDomain: ctx.mailDomain,
    now: ctx.clock(),
  });

  // The public feed depends on the programme alone: built once per version and language.
  const publicFeeds = new ProgrammeMemo<CachedBody>();

  // The feeds' language comes from the request alone (requestLanguage); a personal feed
  // speaks its registration's language, and only its error page the request's.
  router.get('/events/:slug/calendar.ics', requestLanguage, async (req, res) => {
    const programme = await loadProgramme(ctx.db, { slug: String(req.params.slug) });
    if (!programme || programme.event.status !== 'published') throw new AppError('not_found');
    const lang = langOf(req);
    const body = publicFeeds.get(programme, lang, '', () => cachedBody(publicFeed(programme, lang, feed())));
    const headers = icsHeaders(`${programme.event.slug}.ics`, false);
    res.vary('Accept-Language');
    sendIcs(res, body, headers);
  });

  router.get('/r/:token/calendar.ics', requestLanguage, async (req, res) => {
    const token = String(req.params.token);
    const view = await viewRegistration(ctx, token);
    const seats = view.registration.status === 'active' ? view.seats : [];
    const lang = view.registration.language;
    // An online session's entry leads to the person's own join link.
    const joinPaths = await joinPathsOf(ctx, view.programme, seats);
    const joinUrls = new Map(
      [...joinPaths].map(([id, p]) => [id, `${ctx.baseUrl}${p}${lang === 'en' ? '?lang=en' : ''}`]),
    );
    sendIcs(
      res,
      personalFeed(view.programme, seats, lang, manageUrl(ctx, token, lang), feed(), joinUrls),
      icsHeaders(`${view.programme.event.slug}.ics`, true),
    );
  });

  return router;
}
