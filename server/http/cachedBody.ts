import etag from 'etag';
import type { Response } from 'express';

/**
 * A response body kept between requests (an event page, a feed, a JSON document) with its
 * ETag computed once, so that serving it again costs neither rendering nor hashing.
 */
export interface CachedBody {
  readonly body: Buffer;
  readonly etag: string;
}

export function cachedBody(text: string): CachedBody {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: etag(body, { weak: true }) };
}

/**
 * Sends a kept body. With the ETag set, Express neither hashes the body nor answers
 * differently: a request with a matching If-None-Match still gets its 304.
 */
export function sendCached(res: Response, contentType: string, cached: CachedBody): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('ETag', cached.etag);
  res.send(cached.body);
}

/**
 * What public answers (the event page, the events API) allow caches: a browser or a
 * reverse proxy (deploy/nginx) may serve one answer for a second, then revalidates with
 * its ETag. They show live counts of places, so never longer.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=1';

/** Sends a kept body of a public answer, which caches may keep for a second. */
export function sendPublic(res: Response, contentType: string, cached: CachedBody, opts: { vary?: string } = {}): void {
  res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
  if (opts.vary) res.vary(opts.vary);
  sendCached(res, contentType, cached);
}
