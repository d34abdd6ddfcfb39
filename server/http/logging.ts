import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Manage tokens travel in URLs; logs show where a request went, never the token. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/r\/[^/?#]+/g, '/r/:token')
    .replace(/\/registrations\/[^/?#]+/g, '/registrations/:token')
    .replace(/([?&](?:token|email)=)[^&#]*/gi, '$1[redacted]');
}

/**
 * One log line per request when its answer is finished: method, path (tokens redacted),
 * status and time taken. A plain object on the app's logger, no child logger or
 * serializers per request (pino-http's cost 25–30 % of the registration rush).
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const status = res.statusCode;
      const line = {
        method: req.method,
        url: redactUrl(req.originalUrl),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
