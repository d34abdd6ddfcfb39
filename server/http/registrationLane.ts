import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import proxyaddr from 'proxy-addr';
import { AppError } from '../domain/errors.js';
import type { Lang } from '../domain/time.js';
import { translator } from '../i18n/index.js';
import { answerError } from './errors.js';
import { acceptedLanguage } from './i18n.js';
import type { LimitCheck } from './rateLimit.js';
import type { Lane } from './lanes.js';
import type { HeaderList } from './securityHeaders.js';
import { writeJson } from './send.js';

/** The largest JSON body the API reads (express.json's limit in app.ts). */
export const JSON_BODY_LIMIT = 16 * 1024;

const REGISTRATION_PATH = /^\/api\/v1\/events\/([^/?#]+)\/registrations$/;
const JSON_UTF8 = /^application\/json(\s*;\s*charset=utf-8)?$/i;

export interface LaneDeps {
  /** The headers the general security middleware (helmet) sets, in its order. */
  securityHeaders: HeaderList;
  /** Request logging (pino-http) when it is on: the lane's requests are logged as all others. */
  logRequest: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Express's compiled 'trust proxy' setting: the client's address is found as req.ip finds it. */
  trustProxy: (address: string, hop: number) => boolean;
  /** The registration rate limit (the API route's too). */
  limit: LimitCheck;
  /** The body of the 201 answer for a registration, or an AppError (registrationFromJson). */
  register: (slug: string, body: unknown) => Promise<unknown>;
  logger: Logger;
}

/** The slug of a registration request the lane takes; null leaves it to Express. */
function laneSlug(req: IncomingMessage): string | null {
  if (req.method !== 'POST') return null;
  const match = REGISTRATION_PATH.exec(req.url ?? '');
  if (!match?.[1]) return null;
  const { headers } = req;
  const length = Number(headers['content-length']);
  const plain =
    JSON_UTF8.test(headers['content-type'] ?? '') &&
    length > 0 &&
    length <= JSON_BODY_LIMIT &&
    headers.cookie === undefined &&
    headers['content-encoding'] === undefined &&
    headers['transfer-encoding'] === undefined;
  if (!plain) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** The JSON body, like express.json (strict): an object or an array, else undefined. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // An aborted upload is the client's doing: 400 as express.json says, not a fault of ours.
    req.on('error', () => reject(new AppError('invalid_input')));
    req.on('end', () => {
      try {
        // A byte order mark is dropped, as express.json's decoder does.
        const body: unknown = JSON.parse(
          Buffer.concat(chunks)
            .toString('utf8')
            .replace(/^\uFEFF/, ''),
        );
        resolve(body !== null && typeof body === 'object' ? body : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

/**
 * The registration lane: the one request of a registration rush, a plain JSON POST to
 * /api/v1/events/:slug/registrations, is answered before Express sees it. Express's
 * entry (prototype swaps on every request and response, a dozen security-header
 * middlewares, cookies, language, body parsers, routing) cost more than the
 * registration itself: `npm run bench`'s rush went from about 2,300 to 3,600 req/s.
 *
 * The answer is the same as the API route's: the same security headers
 * (securityHeaders.ts), the same language choice, the same body limit and JSON rules, the same
 * rate limit and client address (trust proxy), the same registration code and the same
 * error answers, and the request is logged the same way. Anything less plain (a query
 * string, a cookie, another content type or charset, a compressed, chunked or too long
 * body, an undecodable slug) is left to Express, which answers it as before.
 */
export function registrationLane(deps: LaneDeps): Lane {
  const fail = (req: IncomingMessage, res: ServerResponse, lang: Lang, err: unknown): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const answer = answerError(res, err, translator(lang), (fault) =>
      deps.logger.error({ err: fault, reqId: (req as { id?: unknown }).id }, 'unhandled error'),
    );
    writeJson(res, answer.status, answer.json);
  };

  return (req, res) => {
    const slug = laneSlug(req);
    if (slug === null) return false;
    deps.logRequest?.(req, res);
    for (const [name, value] of deps.securityHeaders) res.setHeader(name, value);
    // Without `?lang=` or a cookie, the API's language is the one asked for (i18n.ts).
    const lang = acceptedLanguage(req);
    readJson(req)
      .then(async (body) => {
        if (body === undefined) throw new AppError('invalid_input');
        const limited = await deps.limit({ ip: proxyaddr(req, deps.trustProxy), body });
        if (limited) throw limited;
        writeJson(res, 201, await deps.register(slug, body));
      })
      .catch((err: unknown) => fail(req, res, lang, err));
    return true;
  };
}
