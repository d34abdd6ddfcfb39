import type { Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export type HeaderList = readonly (readonly [string, string])[];

/** X-Robots-Tag of pages and files that show a person's data (the manage link's). */
export const NOINDEX = 'noindex, nofollow';

/**
 * For the pages behind a private link (a group's, an address action's, an unsubscribe
 * link's): no search engine keeps them, no cache stores them, and the link never leaves in
 * a Referer; the layout says noindex too.
 */
export const privatePage: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Robots-Tag', NOINDEX);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.locals.noindex = true;
  next();
};

/**
 * The security headers of every answer, as helmet sets them for this app: a strict
 * Content-Security-Policy (no inline script or style, nothing from other origins, no
 * framing) and helmet's other defaults; HSTS and upgrade-insecure-requests only when the
 * app is served over https.
 */
export function securityPolicy(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Only over https: an http install (a pilot, an intranet) on any host but
        // localhost would otherwise load its pages without CSS and post to nowhere.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
  };
}

export function securityHeaderList(https: boolean): HeaderList {
  return headersSetBy(helmet(securityPolicy(https)));
}

/**
 * Sets the headers in one step. helmet runs a dozen middlewares per request to set the
 * same constant values (this app's policies use no per-request nonce), which cost the
 * public pages about a tenth of their throughput.
 */
export function setHeaders(headers: HeaderList): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** The headers a header-setting middleware sets for any request, recorded once at start. */
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
