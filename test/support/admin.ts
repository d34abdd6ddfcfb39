import request from 'supertest';
import { addOrganizer, createApiToken, type Organizer, type OrganizerRole } from '../../server/services/organizers.js';
import type { TestApp } from './app.js';

export const PASSWORD = 'correct horse battery';

export async function organizer(
  t: TestApp,
  email: string,
  role: OrganizerRole = 'admin',
  regionIds: string[] = [],
): Promise<Organizer> {
  return addOrganizer(
    t.ctx,
    { email, name: email.split('@')[0] ?? email, role, regionIds, password: PASSWORD },
    'test',
  );
}

export const csrfFrom = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** An agent with a CSRF cookie and its token, not signed in. */
export async function anonymous(t: TestApp) {
  const agent = request.agent(t.app);
  const page = await agent.get('/admin/login').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}

/** A signed-in browser: a supertest agent holding the session and CSRF cookies. */
export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const { agent, csrf } = await anonymous(t);
  await agent.post('/admin/login').type('form').send({ _csrf: csrf, email, password, next: '/admin' }).expect(303);
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

export async function apiToken(t: TestApp, o: Organizer): Promise<string> {
  return createApiToken(t.ctx, o.id, 'test', o.email);
}

export async function auditActions(t: TestApp): Promise<string[]> {
  return ((await t.db('audit_log').orderBy('id').select('action')) as { action: string }[]).map((a) => a.action);
}
