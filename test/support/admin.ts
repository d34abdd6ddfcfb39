import type request from 'supertest';
import type { Organizer, OrganizerRole } from '../../server/domain/organizers.js';
import { createApiToken } from '../../server/features/organizers/apiTokens.js';
import { addOrganizer } from '../../server/features/organizers/accounts.js';
import type { TestApp } from './app.js';
import { csrfOf, formAgent } from './forms.js';

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

/** An agent with a CSRF cookie and its token, not signed in: the login form's visitor. */
export function anonymous(t: TestApp) {
  return formAgent(t, '/admin/login');
}

/**
 * A signed-in browser: a supertest agent holding the session and CSRF cookies, and the
 * form token of its session (the back office binds tokens to the session, so the token
 * of the login form no longer serves once signed in: it is read again from a page).
 */
export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const browser = await anonymous(t);
  await browser.post('/admin/login', { email, password, next: '/admin' }).expect(303);
  return sessionForms(browser.agent, csrfOf((await browser.agent.get('/admin').expect(200)).text));
}

/** An agent and the form token it sends with every POST. */
export function sessionForms(agent: ReturnType<typeof request.agent>, csrf: string) {
  if (!csrf) throw new Error('no CSRF token on the page');
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

/** The actions of the access log (views of personal data), oldest first. */
export async function accessActions(t: TestApp): Promise<string[]> {
  return ((await t.db('access_log').orderBy('id').select('action')) as { action: string }[]).map((a) => a.action);
}
