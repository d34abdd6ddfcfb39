/**
 * The pages the accessibility tests visit, the data that makes them concrete, and the check
 * each page gets (axe, reflow at 390 px, screenshots of key pages). The tests are split in
 * two files (public pages, organizer pages) so that two workers share them.
 */
import type { Page } from 'playwright-core';
import { issueCertificates } from '../../server/features/certificates/issue.js';
import { insertRecordLink } from '../../server/db/pdRecord.js';
import { TokenVault } from '../../server/security/tokens.js';
import { register, requestRegistration, type RegistrationInput } from '../../server/features/registration/register.js';
import { changeCapacity } from '../../server/features/programme/quotaSize.js';
import { registerGroup } from '../../server/features/groups/groups.js';
import { listSessions, openSession } from '../../server/features/organizers/webSessions.js';
import { apiToken, organizer, PASSWORD } from '../support/admin.js';
import { COURSE_SLUG } from '../../seeds/course.js';
import { SUPERVISIONS } from '../../seeds/singles.js';
import { monthOf } from '../../server/domain/eventFilters.js';
import { DEMO_SLUG, person, type DemoIds, type TestApp } from '../support/app.js';
import { askOneOfEachType } from '../support/questions.js';
import { axeViolations, DESKTOP, horizontalOverflow, MOBILE, screenshot } from '../support/browser.js';

/** What the page list needs to name concrete pages. */
export interface Fixture {
  ids: DemoIds;
  confirmedToken: string;
  waitlistedToken: string;
  registrationId: number;
  /** The first person's workshop seat. */
  confirmedSeatId: number;
  /** Another sign-in of the organizer, and an API token: what the account page can end. */
  sessionHandle: string;
  tokenId: number;
  /** The confirmed person's certificate: its id and verification code. */
  certificateId: number;
  verifyCode: string;
  /** A link to the record of the confirmed person's address (their certificates across events). */
  recordToken: string;
  /** A person on the course, which asks one question of every type besides the demo's two. */
  courseToken: string;
  /** The demo course's grades question, and a person who answered both its questions. */
  questionId: number;
  courseRegistrationId: number;
  /** A person registered for the first demo supervision (a single-session event), and its month. */
  singleToken: string;
  supervisionMonth: string;
  /** Scarce places: a registration waiting for its address, what its requester was shown, an offer, a group, a client. */
  pendingToken: string;
  checkMail: string;
  offeredToken: string;
  offeredSeatId: number;
  groupToken: string;
  clientKey: string;
}

export interface PageSpec {
  name: string;
  path: (f: Fixture) => string;
  /** The HTTP status the page answers with (200 unless told). */
  status?: number;
  /** Also written as screenshots at 390×844 and 1280×800. */
  key?: boolean;
}

const SUPERVISION = SUPERVISIONS[0]?.slug ?? '';

/** One client that sent two registrations (a keyed hash, as security/clients.ts makes them). */
const CLIENT = 'c0ffee'.padEnd(32, '0');

// Every page axe visits: adding a page is one line.
export const PUBLIC_PAGES: PageSpec[] = [
  { name: 'events', path: () => '/', key: true },
  { name: 'event', path: () => `/events/${DEMO_SLUG}`, key: true },
  { name: 'register', path: () => `/events/${DEMO_SLUG}/register?region=riga`, key: true },
  { name: 'result-confirmed', path: (f) => `/r/${f.confirmedToken}?welcome=1`, key: true },
  { name: 'result-waitlisted', path: (f) => `/r/${f.waitlistedToken}?welcome=1` },
  { name: 'manage', path: (f) => `/r/${f.confirmedToken}`, key: true },
  { name: 'manage-done', path: (f) => `/r/${f.waitlistedToken}?done=switch` },
  { name: 'live', path: () => `/events/${DEMO_SLUG}/live/riga`, key: true },
  { name: 'seminars', path: () => '/events/ievadseminari', key: true },
  { name: 'seminar-register', path: () => '/events/ievadseminari/register?region=latgale' },
  { name: 'course', path: () => `/events/${COURSE_SLUG}`, key: true },
  { name: 'course-register', path: () => `/events/${COURSE_SLUG}/register` },
  { name: 'events-courses', path: () => '/?kind=course' },
  {
    name: 'events-filtered',
    path: (f) => `/?kind=single&audience=school_staff&month=${f.supervisionMonth}`,
    key: true,
  },
  { name: 'single', path: () => `/events/${SUPERVISION}`, key: true },
  { name: 'single-register', path: () => `/events/${SUPERVISION}/register`, key: true },
  { name: 'single-online', path: () => '/events/darbnica-tiessaiste' },
  { name: 'single-result', path: (f) => `/r/${f.singleToken}?welcome=1` },
  { name: 'lost-link', path: () => `/events/${DEMO_SLUG}/lost-link`, key: true },
  { name: 'privacy', path: () => '/privacy', key: true },
  { name: 'accessibility', path: () => '/accessibility', key: true },
  { name: 'accessibility-evaluation', path: () => '/accessibility/evaluation' },
  { name: 'pd-record', path: () => '/certificates', key: true },
  { name: 'pd-record-list', path: (f) => `/certificates/${f.recordToken}`, key: true },
  { name: 'pd-record-unknown', path: () => `/certificates/${'A'.repeat(32)}`, status: 404 },
  { name: 'not-found', path: () => '/events/no-such-event', status: 404 },
  { name: 'join-unknown', path: () => '/j/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', status: 404 },
  { name: 'verify-unknown', path: () => '/verify/AAAAAAAAAAAAAAAAAAAA', status: 404 },
  { name: 'verify', path: (f) => `/verify/${f.verifyCode}`, key: true },
];

// confirmation steps, and pages that explain instead of dead ends.
export const CONFIRM_PAGES: PageSpec[] = [
  { name: 'confirm-give-up', path: (f) => `/r/${f.confirmedToken}/seats/${f.confirmedSeatId}/cancel` },
  { name: 'confirm-cancel-all', path: (f) => `/r/${f.confirmedToken}/cancel` },
  { name: 'confirm-delete', path: (f) => `/r/${f.confirmedToken}/delete`, key: true },
  { name: 'confirm-new-link', path: (f) => `/r/${f.confirmedToken}/new-link`, key: true },
  { name: 'participant-data', path: (f) => `/r/${f.confirmedToken}/participant-data` },
  {
    name: 'confirm-switch',
    path: (f) => `/r/${f.confirmedToken}/seats/${f.confirmedSeatId}/switch?sessionId=${f.ids.workshops.riga?.[1]}`,
    key: true,
  },
  { name: 'unknown-link', path: () => `/r/${'A'.repeat(43)}`, status: 404 },
];

export const ADMIN_PAGES: PageSpec[] = [
  { name: 'admin-dashboard', path: () => '/admin', key: true },
  { name: 'admin-event', path: () => `/admin/events/${DEMO_SLUG}`, key: true },
  { name: 'admin-course', path: () => `/admin/events/${COURSE_SLUG}`, key: true },
  { name: 'admin-single', path: () => `/admin/events/${SUPERVISION}` },
  { name: 'admin-event-new', path: () => '/admin/events/new' },
  { name: 'admin-event-edit', path: () => `/admin/events/${DEMO_SLUG}/edit` },
  { name: 'admin-session-new', path: () => `/admin/events/${DEMO_SLUG}/sessions/new` },
  { name: 'admin-session-edit', path: (f) => `/admin/sessions/${f.ids.workshops.riga?.[0]}/edit` },
  { name: 'admin-quota-new', path: () => `/admin/events/${DEMO_SLUG}/quotas/new` },
  { name: 'admin-registrants', path: () => `/admin/events/${DEMO_SLUG}/registrations`, key: true },
  {
    name: 'admin-registrants-plenary',
    path: (f) => `/admin/events/${DEMO_SLUG}/registrations?session=${f.ids.plenary.riga}&status=confirmed`,
  },
  { name: 'admin-registrant', path: (f) => `/admin/registrations/${f.registrationId}` },
  { name: 'admin-waitlist', path: (f) => `/admin/sessions/${f.ids.workshops.riga?.[0]}/waitlist` },
  { name: 'admin-announce', path: () => `/admin/events/${DEMO_SLUG}/announce` },
  { name: 'admin-attendance', path: (f) => `/admin/sessions/${f.ids.workshops.riga?.[0]}/attendance` },
  { name: 'admin-attendance-confirm', path: (f) => `/admin/sessions/${f.ids.plenary.riga}/attendance/confirm-joined` },
  { name: 'admin-certificates', path: () => `/admin/events/${DEMO_SLUG}/certificates`, key: true },
  { name: 'admin-certificate-revoke', path: (f) => `/admin/certificates/${f.certificateId}/revoke` },
  { name: 'admin-report', path: () => `/admin/events/${DEMO_SLUG}/report`, key: true },
  { name: 'admin-report-municipality', path: () => `/admin/events/${DEMO_SLUG}/report?by=municipality` },
  { name: 'admin-programme-report', path: () => '/admin/reports/programme' },
  { name: 'admin-participants-report', path: () => '/admin/reports/participants' },
  { name: 'admin-privacy', path: () => '/admin/privacy', key: true },
  { name: 'admin-accessibility', path: () => '/admin/accessibility' },
  { name: 'admin-event-clone', path: () => `/admin/events/${DEMO_SLUG}/clone` },
  { name: 'admin-programme-clone', path: () => '/admin/programme/clone' },
  {
    name: 'admin-programme-clone-review',
    path: () => `/admin/programme/clone/review?events=${DEMO_SLUG}&weeks=52&titlePattern=%7Btitle%7D&replaceYear=1`,
  },
  { name: 'admin-audit', path: () => '/admin/audit', key: true },
  { name: 'admin-access', path: () => '/admin/access', key: true },
  { name: 'admin-organizers', path: () => '/admin/organizers' },
  { name: 'admin-outbox', path: () => '/admin/outbox' },
  { name: 'admin-account', path: () => '/admin/account' },
  { name: 'admin-account-end-session', path: (f) => `/admin/account/sessions/${f.sessionHandle}/end` },
  { name: 'admin-account-revoke-token', path: (f) => `/admin/account/tokens/${f.tokenId}/revoke` },
];

export const ADMIN_FIX_PAGES: PageSpec[] = [
  { name: 'admin-session-cancel', path: (f) => `/admin/sessions/${f.ids.workshops.riga?.[0]}/cancel` },
  { name: 'admin-registrant-edit', path: (f) => `/admin/registrations/${f.registrationId}/edit` },
  { name: 'admin-registrant-new', path: () => `/admin/events/${DEMO_SLUG}/registrations/new` },
  { name: 'admin-caller', path: (f) => `/admin/registrations/${f.registrationId}/caller` },
  { name: 'admin-registration-cancel', path: (f) => `/admin/registrations/${f.registrationId}/cancel` },
  { name: 'admin-seat-remove', path: (f) => `/admin/seats/${f.confirmedSeatId}/remove` },
  { name: 'admin-notice', path: () => `/admin/events/${DEMO_SLUG}?done=sessionRestored` },
  {
    name: 'admin-seat-move',
    path: (f) => `/admin/seats/${f.confirmedSeatId}/move?sessionId=${f.ids.workshops.riga?.[1]}`,
  },
  { name: 'admin-quota-size', path: (f) => `/admin/quotas/${f.ids.quota.riga}/size` },
  // Before any session has ended, the first step answers with the certificates page and why
  // (the step itself is checked once the plenary has ended: accessibility-organizer.test.ts).
  { name: 'admin-certificates-issue-early', path: () => `/admin/events/${DEMO_SLUG}/certificates/issue`, status: 409 },
  { name: 'admin-not-found', path: () => '/admin/registrations/999999', status: 404 },
];

// an event's own registration questions, and where their answers show.
export const ADMIN_QUESTION_PAGES: PageSpec[] = [
  { name: 'admin-questions', path: () => `/admin/events/${COURSE_SLUG}/questions`, key: true },
  { name: 'admin-question-new', path: () => `/admin/events/${COURSE_SLUG}/questions/new` },
  { name: 'admin-question-edit', path: (f) => `/admin/questions/${f.questionId}/edit`, key: true },
  { name: 'admin-question-remove', path: (f) => `/admin/questions/${f.questionId}/remove` },
  { name: 'admin-registrant-answers', path: (f) => `/admin/registrations/${f.courseRegistrationId}`, key: true },
  { name: 'admin-report-questions', path: () => `/admin/events/${COURSE_SLUG}/report` },
  { name: 'admin-questions-notice', path: () => `/admin/events/${COURSE_SLUG}/questions?done=questionArchived` },
];

// Scarce places: holds, offers, groups, bursts (docs/places.md).
export const PLACES_PAGES: PageSpec[] = [
  { name: 'check-mail', path: (f) => `/events/${DEMO_SLUG}/check-mail?r=${f.checkMail}`, key: true },
  { name: 'manage-pending', path: (f) => `/r/${f.pendingToken}`, key: true },
  { name: 'manage-offered', path: (f) => `/r/${f.offeredToken}`, key: true },
  { name: 'confirm-decline', path: (f) => `/r/${f.offeredToken}/seats/${f.offeredSeatId}/decline` },
  { name: 'group-form', path: () => `/events/${DEMO_SLUG}/group`, key: true },
  { name: 'group', path: (f) => `/g/${f.groupToken}`, key: true },
  { name: 'group-sent', path: () => `/events/${DEMO_SLUG}/group/sent` },
];

export const ADMIN_PLACES_PAGES: PageSpec[] = [
  { name: 'admin-places', path: () => `/admin/events/${DEMO_SLUG}/places`, key: true },
  { name: 'admin-clients', path: () => `/admin/events/${DEMO_SLUG}/clients`, key: true },
  { name: 'admin-client', path: (f) => `/admin/events/${DEMO_SLUG}/clients/${f.clientKey}`, key: true },
];

export const LANGS = ['lv', 'en'] as const;

export const withLang = (path: string, lang: string): string => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

export async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto('/admin/login');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.click('button[type="submit"]')]);
}

/** Axe on the page as it is now, reflow at 390px, then, for key pages, screenshots at both sizes. */
export async function check(
  page: Page,
  name: string,
  key: boolean | undefined,
  defaultSize = MOBILE,
): Promise<string[]> {
  const found = (await axeViolations(page)).map((v) => `${name}: ${v}`);
  await page.setViewportSize(MOBILE);
  found.push(...(await horizontalOverflow(page)).map((o) => `${name}: at 390px wide, sticks out: ${o}`));
  if (key) {
    await page.setViewportSize(MOBILE);
    await screenshot(page, `${name}-390x844`);
    await page.setViewportSize(DESKTOP);
    await screenshot(page, `${name}-1280x800`);
  }
  await page.setViewportSize(defaultSize);
  return found;
}

/** Registrations, a certificate, questions, a hold, an offer, a group: what the pages show. */
export async function buildFixture(t: TestApp, ids: DemoIds): Promise<Fixture> {
  const admin = await organizer(t, 'admin@example.lv', 'admin');
  await openSession(t.ctx, admin.id, t.clock.now(), 'Firefox, Linux');
  const [other] = await listSessions(t.ctx, admin.id, '');
  await apiToken(t, admin);
  const token = (await t.db('api_tokens').first('id')) as { id: number };
  // one place in Riga: the first person is confirmed, the second waits
  await t.db('quotas').where('id', ids.quota.riga).update({ size: 1 });
  const workshop = ids.workshops.riga?.[0] ?? 0;
  const input = (): RegistrationInput => person({ sessionIds: [workshop] }) as unknown as RegistrationInput;
  const first = await register(t.ctx, DEMO_SLUG, input());
  const second = await register(t.ctx, DEMO_SLUG, input());
  const row = (await t.db('registrations').orderBy('id').first('id')) as { id: number };
  // The first person attended the plenary and holds a certificate.
  await t.db('seats').where({ registration_id: row.id, session_id: ids.plenary.riga }).update({
    attended_at: t.clock.now().toISOString(),
    attended_source: 'hand',
  });
  // Issued once the plenary has ended (hours count only for sessions that have ended).
  const before = t.clock.now();
  const plenary = (await t.db('sessions').where('id', ids.plenary.riga).first('ends_at')) as {
    ends_at: string | Date;
  };
  t.clock.set(new Date(new Date(plenary.ends_at).getTime() + 60_000));
  await issueCertificates(t.ctx, admin, DEMO_SLUG);
  t.clock.set(before);
  const certificate = (await t.db('certificates').first('id', 'verify_code')) as {
    id: number;
    verify_code: string;
  };
  const recordToken = TokenVault.create();
  const holder = (await t.db('registrations').where('id', row.id).first('email_normalized')) as {
    email_normalized: string;
  };
  await insertRecordLink(t.db, {
    email: holder.email_normalized,
    tokenHash: TokenVault.hash(recordToken),
    createdAt: t.clock.now().toISOString(),
    expiresAt: new Date(t.clock.now().getTime() + 7 * 24 * 3600_000).toISOString(),
  });
  const questions = (await t
    .db('event_questions')
    .join('events', 'events.id', 'event_questions.event_id')
    .where('events.slug', COURSE_SLUG)
    .orderBy('event_questions.sort')
    .select('event_questions.id')) as { id: number }[];
  const [grades, needs] = questions.map((q) => q.id);
  const teacher = await register(
    t.ctx,
    COURSE_SLUG,
    person({
      regionId: 'latgale',
      answers: { [String(grades)]: ['o2', 'o3'], [String(needs)]: 'Subtitri videokonferencē.' },
    }) as unknown as RegistrationInput,
  );
  // The course asks one question of every type too; a person has answered them all.
  const course = (await t.db('events').where('slug', COURSE_SLUG).first('id')) as { id: number };
  const q = await askOneOfEachType(t.db, course.id, t.clock.now().toISOString());
  const onCourse = await register(t.ctx, COURSE_SLUG, {
    ...(person({ regionId: 'latgale', municipality: 'daugavpils' }) as unknown as RegistrationInput),
    answers: {
      [String(grades)]: ['o1'],
      [q.short_text]: 'Skolotāja',
      [q.single_choice]: 'pamatskola',
      [q.multiple_choice]: ['1-4'],
      [q.yes_no]: 'yes',
      [q.number]: '12,5',
    },
  });
  const single = await register(t.ctx, SUPERVISION, person() as unknown as RegistrationInput);
  const supervision = (await t
    .db('sessions')
    .join('events', 'events.id', 'sessions.event_id')
    .where('events.slug', SUPERVISION)
    .first('sessions.starts_at')) as { starts_at: string };
  // Scarce places. A registration waiting for its address (the event confirms addresses
  // for a moment), and what its requester was shown.
  await t.db('events').where('slug', DEMO_SLUG).update({ address_confirmation: 'on' });
  const vidzeme = ids.workshops.vidzeme?.[0] ?? 0;
  const vid = { regionId: 'vidzeme', municipality: 'cesis', sessionIds: [vidzeme] };
  const pending = await requestRegistration(t.ctx, DEMO_SLUG, person(vid) as unknown as RegistrationInput, {
    client: CLIENT,
  });
  await requestRegistration(t.ctx, DEMO_SLUG, person(vid) as unknown as RegistrationInput, { client: CLIENT });
  if (pending.kind !== 'pending') throw new Error('expected a pending registration');
  const pendingRow = (await t.db('registrations').where('email', pending.answer.email).first('token_sealed')) as {
    token_sealed: string;
  };
  await t.db('events').where('slug', DEMO_SLUG).update({ address_confirmation: null, waitlist_mode: 'offer' });
  // An offer: Kurzeme's one place taken, the next person waits, the place is raised to two.
  await t.db('quotas').where('id', ids.quota.kurzeme).update({ size: 1 });
  const kur = { regionId: 'kurzeme', municipality: 'talsi', sessionIds: [ids.workshops.kurzeme?.[0] ?? 0] };
  await register(t.ctx, DEMO_SLUG, person(kur) as unknown as RegistrationInput);
  const offered = await register(t.ctx, DEMO_SLUG, person(kur) as unknown as RegistrationInput);
  await changeCapacity(t.ctx, ids.quota.kurzeme ?? 0, 2, 'admin@example.lv');
  await t.db('events').where('slug', DEMO_SLUG).update({ waitlist_mode: 'auto' });
  const offeredSeat = (await t
    .db('seats')
    .where({ registration_id: offered.registration.id, status: 'offered' })
    .first('id')) as { id: number };
  const group = await registerGroup(t.ctx, DEMO_SLUG, {
    coordinator: {
      name: 'Ilze Kalniņa',
      email: 'ilze@skola.lv',
      institution: 'Talsu pamatskola',
      municipality: 'talsi',
    },
    regionId: 'zemgale',
    language: 'lv',
    consent: true,
    people: [
      { name: 'Anna Ozola', email: 'anna.ozola@skola.lv', sessionIds: [ids.workshops.zemgale?.[0] ?? 0] },
      { name: 'Juris Liepa', email: 'juris.liepa@skola.lv', sessionIds: [] },
    ],
  });
  return {
    pendingToken: t.ctx.tokens.unseal(pendingRow.token_sealed) ?? '',
    checkMail: t.ctx.tokens.seal(JSON.stringify({ at: t.clock.now().toISOString(), answer: pending.answer })),
    offeredToken: offered.token,
    offeredSeatId: offeredSeat.id,
    groupToken: group.token,
    clientKey: CLIENT,
    singleToken: single.token,
    supervisionMonth: monthOf(new Date(supervision.starts_at).toISOString()),
    ids,
    questionId: grades ?? 0,
    courseRegistrationId: teacher.registration.id,
    confirmedToken: first.token,
    waitlistedToken: second.token,
    registrationId: row.id,
    confirmedSeatId: first.seats.find((x) => x.sessionId === workshop)?.id ?? 0,
    sessionHandle: other?.handle ?? '',
    tokenId: token.id,
    certificateId: certificate.id,
    verifyCode: certificate.verify_code,
    recordToken,
    courseToken: onCourse.token,
  };
}
