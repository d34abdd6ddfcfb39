import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * The paths whose second segment is a secret: manage tokens (pages, the API), personal
 * join codes and certificate codes. Only these, and only at the start: an organizer's
 * `/admin/registrations/123` is an id, and stays as it is. (Express matches routes
 * regardless of case, so this does too.)
 */
const SECRET_SEGMENT = /^(\/r|\/j|\/verify|\/api\/v1\/registrations)\/[^/?#]+/i;

/** A query parameter's name that is a name, not something typed into one. */
const PARAMETER_NAME = /^[A-Za-z][\w.-]{0,39}$/;

/**
 * Where a request went, for the logs: the path with secret segments as `:token`, and of
 * the query only the names of its parameters. A query value may be anything a person
 * typed (an organizer's search for an e-mail address), so none is ever logged.
 */
export function redactUrl(url: string): string {
  const at = url.search(/[?#]/);
  const path = (at < 0 ? url : url.slice(0, at)).replace(SECRET_SEGMENT, '$1/:token');
  if (at < 0 || url[at] !== '?') return path;
  const query = url.slice(at + 1).split('#', 1)[0] ?? '';
  const names = query
    .split('&')
    .map((pair) => pair.split('=', 1)[0] ?? '')
    .filter((name) => PARAMETER_NAME.test(name));
  return `${path}?${[...new Set(names)].join('&')}`;
}

/**
 * One log line per request once its connection is done with it: method, path (tokens
 * redacted, no query values), status, time taken, and `aborted` when the client left
 * before the answer was finished. Every request at level info; at warn or error only
 * answers that failed (5xx). A plain object on the app's logger, no child logger or
 * serializers per request (pino-http's cost 25–30 % of the registration rush).
 */
export function requestLog(logger: Logger): RequestHandler {
  const everyRequest = logger.isLevelEnabled('info');
  return (req, res, next) => {
    const started = performance.now();
    // 'close' comes after 'finish', and also for a request the client gave up on.
    res.once('close', () => {
      const status = res.statusCode;
      const aborted = !res.writableFinished;
      if (!everyRequest && status < 500) return;
      const line = {
        method: req.method,
        url: redactUrl(req.originalUrl),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(aborted ? { aborted: true } : {}),
      };
      if (status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
