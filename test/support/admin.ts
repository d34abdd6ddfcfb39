import type { Organizer, OrganizerRole } from '../../server/domain/organizers.js';
import { createApiToken } from '../../server/services/apiTokens.js';
import { addOrganizer } from '../../server/services/organizerAccounts.js';
import type { TestApp } from './app.js';
import { formAgent } from './forms.js';

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

/** A signed-in browser: a supertest agent holding the session and CSRF cookies. */
export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const browser = await anonymous(t);
  await browser.post('/admin/login', { email, password, next: '/admin' }).expect(303);
  return browser;
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
