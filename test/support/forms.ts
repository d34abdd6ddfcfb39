import request from 'supertest';
import type { TestApp } from './app.js';
import { DEMO_SLUG } from './app.js';

export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * A browser for the public forms: it opens a page with a form first (which sets the
 * CSRF cookie) and sends the token with every POST, as a real browser would.
 */
export async function formAgent(t: TestApp, page = `/events/${DEMO_SLUG}/register`) {
  const agent = request.agent(t.app);
  const res = await agent.get(page).expect(200);
  const csrf = csrfOf(res.text);
  if (!csrf) throw new Error(`no CSRF token on ${page}`);
  return {
    agent,
    csrf,
    post: (url: string, body: Record<string, unknown> = {}) =>
      agent
        .post(url)
        .type('form')
        .send({ _csrf: csrf, ...body }),
  };
}
