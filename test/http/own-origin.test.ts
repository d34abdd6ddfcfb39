import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { conference } from '../support/build.js';
import { useTestApp } from '../support/fixtures.js';

const SLUG = 'konference';

const ORIGIN = 'http://localhost:3000';

/** The language switch link of a page, as the browser would follow it from the page's URL. */
function langSwitchOf(html: string, pageUrl: string): URL {
  const m = /<a href="([^"]*)"[^>]*hreflang=/.exec(html);
  if (!m?.[1]) throw new Error('no language switch on the page');
  const href = m[1]
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"');
  return new URL(href, pageUrl);
}

describe('links the app builds stay on its own origin', () => {
  const { t } = useTestApp({ seed: false });
  beforeAll(() => conference(t.db, t.clock.now(), { slug: SLUG }));

  it.each([
    '//evil.example/x',
    '//evil.example/x?lang=en&next=1',
    '///evil.example/x',
    '/\\evil.example/x',
    '/\\/evil.example',
    '//evil.example',
  ])('the language switch on %s points at this site, to the same path', async (path) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBeLessThan(500);
    const target = langSwitchOf(res.text, `${ORIGIN}${path}`);
    expect(target.origin).toBe(ORIGIN);
    // The same path, its leading slashes and backslashes (which browsers read as slashes) made one.
    expect(target.pathname).toBe(`/${(path.split('?')[0] ?? '').replace(/^[/\\]+/, '')}`);
    expect(target.searchParams.get('lang')).toBe(path.includes('lang=en') ? 'lv' : 'en');
  });

  it('an ordinary page keeps its path and the rest of its query in the switch', async () => {
    const path = `/events/${SLUG}?x=1&lang=lv`;
    const res = await request(t.app).get(path).expect(200);
    const target = langSwitchOf(res.text, `${ORIGIN}${path}`);
    expect(target.origin).toBe(ORIGIN);
    expect(target.pathname).toBe(`/events/${SLUG}`);
    expect(target.searchParams.get('x')).toBe('1');
    expect(target.searchParams.get('lang')).toBe('en');
  });
});
