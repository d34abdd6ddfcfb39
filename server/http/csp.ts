import type { Response } from 'express';

/**
 * Lets this one response frame the given origins and nothing else: helmet's policy for
 * every page has no frame-src (so frames fall back to 'self'); a stream page that shows a
 * player replaces only that directive. Origins come from URL parsing (embeddableOrigin),
 * so they cannot smuggle another directive in.
 */
export function allowFrames(res: Response, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const current = String(res.getHeader('Content-Security-Policy') ?? '');
  const directives = current
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !d.startsWith('frame-src ') && !d.startsWith('child-src '));
  directives.push(`frame-src ${origins.join(' ')}`);
  res.setHeader('Content-Security-Policy', directives.join(';'));
}
