/** Manage tokens travel in URLs; logs show where a request went, never the token. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/r\/[^/?#]+/g, '/r/:token')
    .replace(/\/registrations\/[^/?#]+/g, '/registrations/:token')
    .replace(/([?&](?:token|email)=)[^&#]*/gi, '$1[redacted]');
}
