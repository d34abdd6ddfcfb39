import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import fresh from 'fresh';
import { readerOf } from '../db/reader.js';
import type { Db } from '../db/knex.js';
import type { Lang } from '../domain/time.js';
import type { CachedBody } from './cachedBody.js';
import { acceptedLanguage, langOf } from './i18n.js';
import type { Lane } from './lanes.js';
import type { HeaderList } from './securityHeaders.js';

export interface KeptAnswer {
  contentType: string;
  /** Headers of the route besides the security headers (e.g. Cache-Control). */
  headers: HeaderList;
  body: CachedBody;
}

interface Entry {
  answer: KeptAnswer;
  version: number;
  /** Epoch ms of the answer's making, and from which it may differ with time alone. */
  from: number;
  until: number;
}

/** More than the public URLs of every event in both languages; a full map starts over. */
const MAX_ENTRIES = 2000;

/** A GET the kept lane could answer: a path (no absolute form), no query string, no cookie. */
const plainGet = (req: IncomingMessage, url: string): boolean =>
  req.method === 'GET' && req.headers.cookie === undefined && url.startsWith('/') && !url.includes('?');

/** The language Express would pick for a plain GET (i18n.ts): the API's Accept-Language, else Latvian. */
const plainLanguage = (req: IncomingMessage, url: string): Lang =>
  url.startsWith('/api/') ? acceptedLanguage(req) : 'lv';

/**
 * Public answers the routes keep (event page, public calendar feed, events API), by URL
 * and language, for the kept lane to serve before Express. An answer is served only while
 * the database is exactly as it was when the route began to build it (SQLite's data
 * version, which any commit of any process moves: places, texts, sessions alike) and
 * until the moment it may change with time alone (the next minute for the page, the
 * opening or closing of registration). Anything else goes to Express, whose route builds
 * the answer anew and keeps it here again. Without an SQLite reader (PostgreSQL) nothing
 * is kept and every request goes to Express.
 */
export class KeptAnswers {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: Db) {}

  /** The database's version now; read it before loading what an answer shows. */
  version(): number | null {
    return readerOf(this.db)?.dataVersion() ?? null;
  }

  /**
   * Keeps a route's answer to `req` if the lane could have taken the request and its URL
   * is the canonical one (`path`): Express also routes other spellings (letter case, a
   * trailing slash, escapes), which must not each take a place here.
   */
  remember(req: Request, path: string, version: number | null, now: Date, until: number, answer: KeptAnswer): void {
    // (req.url is relative to a mounted router here; the lane sees the whole URL.)
    const url = req.originalUrl;
    if (version === null || url !== path || !plainGet(req, url)) return;
    // Kept only under the language the lane will look it up by (the route's own choice).
    const lang = plainLanguage(req, url);
    if (langOf(req) !== lang) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(`${lang} ${url}`, { answer, version, from: now.getTime(), until });
  }

  find(req: IncomingMessage, now: number): KeptAnswer | null {
    const url = req.url ?? '';
    if (!plainGet(req, url)) return null;
    const key = `${plainLanguage(req, url)} ${url}`;
    const entry = this.entries.get(key);
    if (!entry) return null;
    // A clock set back before the answer was made counts as time having moved too.
    if (now >= entry.until || now < entry.from || entry.version !== this.version()) {
      this.entries.delete(key);
      return null;
    }
    return entry.answer;
  }
}

/**
 * The kept lane: a plain GET of a kept public answer is served before Express, with the
 * headers the route and the security middleware set, and 304 to a browser that has it
 * (If-None-Match, as Express decides). Express's entry (prototype swaps, middleware
 * chain, routing) cost as much as serving the kept bytes.
 */
export function keptLane(deps: {
  kept: KeptAnswers;
  securityHeaders: HeaderList;
  logRequest: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  clock: () => Date;
}): Lane {
  return (req, res) => {
    const answer = deps.kept.find(req, deps.clock().getTime());
    if (!answer) return false;
    deps.logRequest?.(req, res);
    for (const [name, value] of deps.securityHeaders) res.setHeader(name, value);
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.setHeader('ETag', answer.body.etag);
    if (fresh(req.headers, { etag: answer.body.etag })) {
      res.writeHead(304);
      res.end();
      return true;
    }
    res.writeHead(200, { 'Content-Type': answer.contentType, 'Content-Length': answer.body.body.length });
    res.end(answer.body.body);
    return true;
  };
}
