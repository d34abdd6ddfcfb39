import request from 'supertest';
import { DEMO_SLUG, type TestApp } from './app.js';
import { composedFor } from './compose.js';
import { csrfOf } from './forms.js';

export const REGISTER = `/api/v1/events/${DEMO_SLUG}/registrations`;

/** The API's registration path of the event `slug` (REGISTER is the demo's). */
export const registerPath = (slug: string): string => `/api/v1/events/${slug}/registrations`;

/** The manage token in the newest message of `kind` queued for `to`, read from its text as a person would. */
export async function tokenFromMail(t: TestApp, to: string, kind?: string): Promise<string> {
  const mails = (await composedFor(t, to)).filter((m) => !kind || m.kind === kind);
  const last = mails[mails.length - 1];
  const token = /\/r\/([A-Za-z0-9_-]{32})/.exec(last?.text ?? '')?.[1];
  if (!token) throw new Error(`no link in a ${kind ?? 'message'} to ${to}`);
  return token;
}

/**
 * A person's browser on their manage page: opens it (which sets the CSRF cookie) and
 * presses one of its buttons (a POST with the page's token); the answer is expected to be
 * `status` (303: the page it leads to).
 */
export async function press(
  t: TestApp,
  token: string,
  action: string,
  body: Record<string, unknown> = {},
  status = 303,
) {
  const agent = request.agent(t.app);
  const page = await agent.get(`/r/${token}`).expect(200);
  return agent
    .post(`/r/${token}/${action}`)
    .type('form')
    .send({ _csrf: csrfOf(page.text), ...body })
    .expect(status);
}

/** The seats of a registration found by e-mail, by session. */
export async function seatsOfEmail(t: TestApp, email: string) {
  return (await t
    .db('seats')
    .join('registrations', 'registrations.id', 'seats.registration_id')
    .where('registrations.email', email)
    .orderBy('seats.id')
    .select(
      'seats.id',
      'seats.session_id',
      'seats.status',
      'seats.expires_at',
      'registrations.status as r_status',
    )) as {
    id: number;
    session_id: number;
    status: string;
    expires_at: string | null;
    r_status: string;
  }[];
}

export async function quotaUsed(t: TestApp, quotaId: number): Promise<number> {
  const row = (await t.db('quotas').where('id', quotaId).first('used')) as { used: number };
  return Number(row.used);
}

/** The kinds of the messages queued for `to`, oldest first (whether or not they still apply). */
export async function outboxKinds(t: TestApp, to: string): Promise<string[]> {
  const rows = (await t.db('outbox').where('to_email', to).orderBy('id').select('kind')) as { kind: string }[];
  return rows.map((r) => r.kind);
}
