import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../domain/errors.js';
import { acceptedLanguage, setLang } from './i18n.js';

/** The largest JSON body the API reads (express.json's limit in app.ts). */
export const JSON_BODY_LIMIT = 16 * 1024;

const REGISTRATION_PATH = /^\/api\/v1\/events\/([^/?#]+)\/registrations$/;
const JSON_UTF8 = /^application\/json(\s*;\s*charset=utf-8)?$/i;

export interface LaneDeps {
  /** The headers the general security middleware (helmet) sets, in its order. */
  securityHeaders: readonly (readonly [string, string])[];
  /** The registration rate limit (guards.registerLimit). */
  limit: RequestHandler;
  /** What the API route runs once the body is read (registrationHandler). */
  handle: (req: Request, res: Response) => Promise<void>;
}

/** The slug of a registration request the lane takes; null sends it the general way. */
function laneSlug(req: Request): string | null {
  if (req.method !== 'POST') return null;
  const match = REGISTRATION_PATH.exec(req.url);
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

/**
 * The registration lane: the one request of a registration rush, a plain JSON POST to
 * /api/v1/events/:slug/registrations, skips the general middleware chain (a dozen
 * security-header middlewares, cookies, language, body parsers, routing) that cost
 * more than the registration itself. It sets the very same headers, picks the
 * language as the API does, reads the body within the same limit, and then runs the
 * same rate limit and handler as the API route; errors go to the same error handler.
 *
 * Anything less plain (a query string, a cookie, another content type or charset, a
 * compressed, chunked or too long body, an undecodable slug) goes the general way,
 * which answers it as before. Mounted after request logging, so every request is logged.
 */
export function registrationLane({ securityHeaders, limit, handle }: LaneDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const slug = laneSlug(req);
    if (slug === null) {
      next();
      return;
    }
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    setLang(req, acceptedLanguage(req));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        // A byte order mark is dropped, as express.json's decoder does.
        body = JSON.parse(
          Buffer.concat(chunks)
            .toString('utf8')
            .replace(/^\uFEFF/, ''),
        );
      } catch {
        body = undefined;
      }
      // Like express.json (strict): only an object or an array is a JSON body.
      if (body === null || typeof body !== 'object') {
        next(new AppError('invalid_input'));
        return;
      }
      req.body = body;
      req.params = { slug };
      void limit(req, res, (err?: unknown) => {
        if (err) next(err);
        else handle(req, res).catch(next);
      });
    });
  };
}

/** The headers a header-setting middleware (helmet) sets, recorded once at start. */
export function headersSetBy(middleware: RequestHandler): [string, string][] {
  const headers = new Map<string, [string, string]>();
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), [name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let called = false;
  void middleware({ headers: {}, method: 'GET', url: '/' } as Request, recorder as unknown as Response, () => {
    called = true;
  });
  if (!called) throw new Error('the header middleware did not pass the request on at once');
  return [...headers.values()];
}
