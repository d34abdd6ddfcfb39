import { Router, type Request, type Response } from 'express';
import type { FieldErrors } from '../../domain/errors.js';
import { municipalitiesInOrder } from '../../db/programme.js';
import type { RegistrantFilter } from '../../db/registrants.js';
import { findSeat } from '../../db/registrations.js';
import { AppError, invalid } from '../../domain/errors.js';
import { linkParts } from '../../domain/links.js';
import { canActInRegion, regionScope, type Organizer } from '../../domain/organizers.js';
import { formatMoment, type Lang } from '../../domain/time.js';
import { ROLES, type Programme } from '../../domain/types.js';
import {
  previewAnnouncement,
  recipientCount,
  sendAnnouncement,
  sendTestAnnouncement,
  sentAnnouncements,
} from './announcements.js';
import {
  applyAttendanceReport,
  attendees,
  confirmJoined,
  dismissUnmatched,
  importAttendance,
  markAttendance,
  matchUnmatched,
  unmatchedRow,
  unmatchedRows,
  type ReportAnswer,
} from '../attendance/index.js';
import type { ServiceContext } from '../../context.js';
import {
  cancelByOrganizer,
  givenPeople,
  moveByOrganizer,
  peopleToCall,
  placesGiven,
  promoteByOrganizer,
  resendConfirmation,
  type PlaceGiven,
} from './actions.js';
import type { Promotion } from '../registration/index.js';
import { exportRegistrants, registrantsPage, seatsByRegistration, type RegistrantPage } from './lists.js';
import { registrantRecord, sessionWaitlist } from './record.js';
import { REPORT_COUNTS } from '../../domain/report.js';
import type { CsvDialect, ExportFormat } from './exports.js';
import {
  REPORT_DIMENSIONS,
  countsAsked,
  exportReport,
  exportSessionReport,
  questionCounts,
  reportFor,
  sessionReport,
} from './reports.js';
import { langOf, sessionNamed } from '../../http/i18n.js';
import { exportParticipantsReport, participantsReport } from './participantsReport.js';
import {
  DISADVANTAGES,
  FLAG_ANSWERS,
  PARTICIPANT_QUESTION_NAMES,
  PARTICIPANT_QUESTIONS,
} from '../../domain/participantData.js';
import { organizerOf, requireAdmin, seatInScope } from '../organizers/index.js';
import { programmeOr404 } from '../programme/index.js';
import { entriesInWords } from '../privacy/index.js';
import { phoneLine } from '../../domain/phone.js';
import { page, parseForm, positiveInt, redirectDone, sendDownload, withFormErrors } from '../../http/admin/render.js';
import { MAX_ID } from '../../http/schemas.js';
import { queryOf } from '../../http/schemas.js';
import { plural, type Translate } from '../../i18n/index.js';
import { errorMessage } from '../../http/errors.js';
import {
  AnnouncementForm,
  CallQuery,
  GivenQuery,
  MoveQuery,
  ParticipantsReportQuery,
  RegistrantQuery,
  ReportPageQuery,
} from '../../http/admin/schemas.js';

/** A page's address with who got the freed places (`?given=seat.position,…`) for its banner. */
/** A registrant's page; `form` shows the add-an-e-mail form again with its errors. */
export async function registrantPage(
  ctx: ServiceContext,
  req: Request,
  res: Response,
  id: number,
  form: { values: Record<string, unknown>; errors: FieldErrors } | null = null,
): Promise<void> {
  const lang = langOf(req);
  const record = await registrantRecord(ctx, organizerOf(res), id, lang);
  const municipality = (await municipalitiesInOrder(ctx.db, lang)).find(
    (m) => m.id === record.registration.municipalityId,
  );
  const history = await entriesInWords(ctx.db.knex, record.history, lang);
  const data = {
    ...record,
    history,
    municipalityName: municipality?.name[lang] ?? record.registration.municipalityId,
    phone: record.registration.phone ? phoneLine(record.registration.phone) : null,
    ...(form ?? {}),
  };
  page(res, 'registrant', record.registration.name, data, form ? 400 : 200);
}

export async function withGiven(ctx: ServiceContext, url: string, promoted: readonly Promotion[]): Promise<string> {
  const given = await placesGiven(ctx, promoted);
  return given.length ? `${url}?given=${given.map((g) => `${g.seatId}.${g.position}`).join(',')}` : url;
}

const GIVEN = /^\d{1,9}\.\d{1,6}(,\d{1,9}\.\d{1,6}){0,19}$/;

/** The banner's lines naming who got the freed places (only people the organizer may see). */
async function givenLines(ctx: ServiceContext, req: Request, res: Response): Promise<string[]> {
  const raw = queryOf(GivenQuery, req).given ?? '';
  if (!GIVEN.test(raw)) return [];
  const given: PlaceGiven[] = raw.split(',').map((part) => {
    const [seatId, position] = part.split('.').map(Number);
    return { seatId: seatId ?? 0, position: position ?? 0 };
  });
  const people = await givenPeople(ctx, organizerOf(res), given);
  const t = res.locals.t as (key: string, params?: Record<string, string | number>) => string;
  const say = (list: typeof people, one: string, many: string) =>
    list.length === 0
      ? []
      : [
          t(list.length === 1 ? one : many, {
            people: list.map((p) => t('admin.notice.givenPerson', { name: p.name, n: p.position })).join(', '),
          }),
        ];
  return [
    ...say(
      people.filter((p) => !p.offered),
      'admin.notice.givenTo',
      'admin.notice.givenToMany',
    ),
    ...say(
      people.filter((p) => p.offered),
      'admin.notice.offeredTo',
      'admin.notice.offeredToMany',
    ),
    ...people
      .filter((p) => p.noEmail)
      .map((p) => t('admin.notice.callGiven', { name: p.name, phone: p.phone ?? t('admin.call.noPhone') })),
  ];
}

/** A line of a banner: words, or words with a link (a list to open). */
export type NoticeLine = string | { text: string; href: string; link: string };

/** Up to this many people to phone are named in the banner; more are counted, with a link to the list. */
const CALLS_NAMED = 5;
const CALL = /^\d{1,9}(,\d{1,9}){0,4}$/;

/**
 * A page's address with whom a programme change could not e-mail (registered by phone):
 * a few by registration (`call=id,…`), more by their count and the session
 * (`calls=n&callSession=id`), for the banner's lines (callLines).
 */
export function withCalls(url: string, toCall: readonly { registrationId: number }[], sessionId: number): string {
  if (toCall.length === 0) return url;
  const join = url.includes('?') ? '&' : '?';
  return toCall.length <= CALLS_NAMED
    ? `${url}${join}call=${toCall.map((c) => c.registrationId).join(',')}`
    : `${url}${join}calls=${toCall.length}&callSession=${sessionId}`;
}

/**
 * The banner's lines naming whom to phone after a programme change: each by name and phone
 * (only people the organizer may see, only those still without an e-mail), or their count
 * with a link to the event's list of that session's people without an e-mail.
 */
async function callLines(ctx: ServiceContext, req: Request, res: Response): Promise<NoticeLine[]> {
  const { call, calls, callSession } = queryOf(CallQuery, req);
  const t = res.locals.t as (key: string, params?: Record<string, string | number>) => string;
  if (call && CALL.test(call)) {
    const people = await peopleToCall(ctx, organizerOf(res), call.split(',').map(Number));
    if (people.length === 0) return [];
    const named = people.map((p) => `${p.name}, ${p.phone ? phoneLine(p.phone) : t('admin.call.noPhone')}`);
    return [t('admin.notice.callPeople', { people: named.join('; ') })];
  }
  const n = Number(calls);
  const session = Number(callSession);
  const slug = typeof req.params.slug === 'string' ? req.params.slug : '';
  if (!slug || !Number.isInteger(n) || n <= 0 || !Number.isInteger(session) || session <= 0) return [];
  return [
    {
      text: plural(t as Translate, langOf(req), 'admin.notice.callMany', n),
      href: `/admin/events/${encodeURIComponent(slug)}/registrations?session=${session}&contact=phone`,
      link: t('admin.notice.callManyLink'),
    },
  ];
}

/**
 * What the programme's pages need from the people's side (wired in backoffice/routes.ts,
 * as programme may not import registrants): the address after a change, naming who got the
 * freed places and whom to phone, and the banner's lines for them.
 */
export function changeNotices(ctx: ServiceContext) {
  return {
    afterChange: async (
      url: string,
      change: { promoted?: readonly Promotion[]; toCall: readonly { registrationId: number }[]; sessionId: number },
    ): Promise<string> => withCalls(await withGiven(ctx, url, change.promoted ?? []), change.toCall, change.sessionId),
    lines: async (req: Request, res: Response): Promise<NoticeLine[]> => [
      ...(await givenLines(ctx, req, res)),
      ...(await callLines(ctx, req, res)),
    ],
  };
}

export type ChangeNotices = ReturnType<typeof changeNotices>;

type RegistrantQueryValues = ReturnType<typeof RegistrantQuery.parse>;

/** The organizer's filter, narrowed to their regions; a region outside them is refused. */
export function filterFor(organizer: Organizer, programme: Programme, query: RegistrantQueryValues): RegistrantFilter {
  if (query.region && !canActInRegion(organizer, query.region)) throw new AppError('forbidden');
  return {
    eventId: programme.event.id,
    scope: regionScope(organizer),
    region: query.region || undefined,
    sessionId: query.session,
    status: query.status,
    municipality: query.municipality || undefined,
    role: query.role || undefined,
    contact: query.contact,
    q: query.q?.trim() || undefined,
  };
}

/**
 * The registration list of an event as an organizer asked for it (filters from the query,
 * narrowed to their regions). A CSV or XLSX request is answered here, returning null.
 */
export async function registrationList(ctx: ServiceContext, req: Request, res: Response) {
  const programme = await programmeOr404(ctx, String(req.params.slug));
  const organizer = organizerOf(res);
  const query = queryOf(RegistrantQuery, req);
  const filter = filterFor(organizer, programme, query);
  if (query.format === 'csv' || query.format === 'xlsx') {
    const as = exportFormat(query.format, query.dialect);
    sendDownload(res, await exportRegistrants(ctx, organizer, programme, filter, as, langOf(req)));
    return null;
  }
  return { programme, organizer, query, filter };
}

/** The list page: the filters an organizer may choose from, the rows, and links to the other pages. */
async function registrantsViewModel(
  ctx: ServiceContext,
  organizer: Organizer,
  programme: Programme,
  query: RegistrantQueryValues,
  found: RegistrantPage,
  lang: Lang,
) {
  const qs = new URLSearchParams(
    Object.entries(query)
      .filter(([k, v]) => k !== 'page' && k !== 'format' && v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return {
    programme,
    regions: programme.regions.filter((r) => canActInRegion(organizer, r.id)),
    // The plenary too (its people are the region's whole conference day), named by date and place.
    sessions: programme.sessions.filter((s) => s.regionId === null || canActInRegion(organizer, s.regionId)),
    seatsOf: await seatsByRegistration(ctx, found.rows),
    municipalities: await municipalitiesInOrder(ctx.db, lang),
    roles: ROLES,
    query,
    rows: found.rows,
    total: found.total,
    page: found.page,
    pages: found.pages,
    qs: qs.toString(),
  };
}

/** The sessions an organizer may announce to: not plenaries, and for a coordinator only their regions'. */
export function announceSessions(organizer: Organizer, programme: Programme): Programme['sessions'] {
  return programme.sessions.filter(
    (s) => s.kind !== 'plenary' && (s.regionId === null || canActInRegion(organizer, s.regionId)),
  );
}

/** Present seat ids from the attendance form: one checkbox is a string, several an array. */
function presentSeatIds(body: unknown): number[] {
  const raw = (body as Record<string, unknown> | undefined)?.present;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** format=csv|xlsx with dialect=comma|excel, as an export takes it. */
export const exportFormat = (format: 'csv' | 'xlsx', dialect?: CsvDialect): ExportFormat =>
  format === 'csv' ? { format, dialect: dialect ?? 'comma' } : { format };

export function peopleRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/admin/events/:slug/registrations', async (req, res) => {
    const list = await registrationList(ctx, req, res);
    if (!list) return;
    const { programme, organizer, query, filter } = list;
    const lang = langOf(req);
    const found = await registrantsPage(ctx, organizer, filter, query.page, lang);
    res.setHeader('Cache-Control', 'no-store');
    const title = `${res.locals.t('admin.registrants')}: ${programme.event.title[lang]}`;
    page(res, 'registrants', title, await registrantsViewModel(ctx, organizer, programme, query, found, lang));
  });

  router.get('/admin/registrations/:id', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.locals.noticeMore = await givenLines(ctx, req, res);
    await registrantPage(ctx, req, res, positiveInt(req.params.id));
  });

  router.post('/admin/registrations/:id/cancel', async (req, res) => {
    const id = positiveInt(req.params.id);
    const promoted = await cancelByOrganizer(ctx, organizerOf(res), id);
    redirectDone(res, await withGiven(ctx, `/admin/registrations/${id}`, promoted), 'registrationCancelled');
  });

  router.post('/admin/registrations/:id/resend', async (req, res) => {
    const id = positiveInt(req.params.id);
    await resendConfirmation(ctx, organizerOf(res), id);
    redirectDone(res, `/admin/registrations/${id}`, 'confirmationResent');
  });

  /** After an action on a seat, back to the page of its registration. */
  const toRegistrationOfSeat = async (res: Response, seatId: number, done: string, promoted: Promotion[] = []) => {
    const seat = await findSeat(ctx.db.knex, seatId);
    if (!seat) throw new AppError('not_found');
    redirectDone(res, await withGiven(ctx, `/admin/registrations/${seat.registrationId}`, promoted), done);
  };

  router.post('/admin/seats/:id/promote', async (req, res) => {
    const seatId = positiveInt(req.params.id);
    await promoteByOrganizer(ctx, organizerOf(res), seatId);
    await toRegistrationOfSeat(res, seatId, 'seatPromoted');
  });

  /** The first step of moving a person to another session: who, from where, to where, what follows. */
  const moveConfirm = async (req: Request, res: Response, seatId: number, to: number) => {
    const { seat, registration, programme } = await seatInScope(ctx, organizerOf(res), seatId);
    const from = programme.sessions.find((s) => s.id === seat.sessionId);
    const target = programme.sessions.find((s) => s.id === to);
    if (seat.status === 'cancelled' || !from || from.kind === 'plenary') throw new AppError('not_allowed');
    if (!target || target.kind === 'plenary' || target.id === from.id || target.status !== 'scheduled')
      throw invalid({ sessionId: 'unknown_session' });
    if (!canActInRegion(organizerOf(res), target.regionId ?? registration.regionId)) throw new AppError('forbidden');
    res.locals.backTo = `/admin/registrations/${registration.id}`;
    page(
      res,
      'seat-move',
      res.locals.t('admin.moveHeading', { name: registration.name, session: sessionNamed(req, target) }),
      {
        seat,
        registration,
        from,
        to: target,
      },
    );
  };

  router.get('/admin/seats/:id/move', async (req, res) => {
    await moveConfirm(req, res, positiveInt(req.params.id), positiveInt(queryOf(MoveQuery, req).sessionId));
  });

  router.post('/admin/seats/:id/move', async (req, res) => {
    const seatId = positiveInt(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const to = positiveInt(body.sessionId);
    // Nothing moves without the second step: a first POST shows what will happen.
    if (body.confirm !== 'yes') {
      await moveConfirm(req, res, seatId, to);
      return;
    }
    const promoted = await moveByOrganizer(ctx, organizerOf(res), seatId, to);
    await toRegistrationOfSeat(res, seatId, 'seatMoved', promoted);
  });

  router.get('/admin/sessions/:id/waitlist', async (req, res) => {
    const id = positiveInt(req.params.id);
    const waitlist = await sessionWaitlist(ctx, organizerOf(res), id);
    const session = waitlist.programme.sessions.find((s) => s.id === id);
    const title = res.locals.t('admin.waitlistOf', { session: session ? sessionNamed(req, session) : '' });
    page(res, 'waitlist', title, waitlist);
  });

  /** The announcement page: the form, the sessions the organizer may choose, what was sent. */
  const announcePage = async (res: Response, programme: Programme, data: Record<string, unknown>, status = 200) => {
    const lang = langOf(res.req);
    const sent = (await sentAnnouncements(ctx, programme.event.id)).map((a) => ({
      ...a,
      when: formatMoment(a.at, lang),
    }));
    page(
      res,
      'announce',
      res.locals.t('admin.announceHeading'),
      { parts: linkParts, programme, sessions: announceSessions(organizerOf(res), programme), sent, ...data },
      status,
    );
  };

  router.get('/admin/events/:slug/announce', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await announcePage(res, programme, { values: {}, count: null });
  });

  router.post('/admin/events/:slug/announce', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const values = (req.body ?? {}) as Record<string, unknown>;
    let count: () => Promise<number | null> = () => Promise.resolve(null);
    await withFormErrors(
      async () => {
        const form = parseForm(AnnouncementForm, req.body);
        // Only a segment the organizer may write to: a region or a session of theirs.
        if (form.region && !programme.regions.some((r) => r.id === form.region && canActInRegion(organizer, r.id)))
          throw invalid({ region: 'unknown_region' });
        if (form.session !== undefined && !announceSessions(organizer, programme).some((s) => s.id === form.session))
          throw invalid({ session: 'unknown_session' });
        const segment = { region: form.region || undefined, session: form.session, status: form.status ?? 'active' };
        const filter = filterFor(organizer, programme, { ...RegistrantQuery.parse({}), ...segment });
        count = () => recipientCount(ctx, filter);
        const message = { subject: form.subject, text: form.text, subjectEn: form.subjectEn, textEn: form.textEn };
        if (form.action === 'test') {
          const lang = langOf(req);
          await sendTestAnnouncement(
            ctx,
            organizer,
            programme.event.id,
            message,
            lang,
            res.locals.t('admin.announce.testPrefix'),
          );
          const groups = await previewAnnouncement(ctx, filter, message);
          await announcePage(res, programme, { values, count: await count(), groups, testSentTo: organizer.email });
          return;
        }
        if (form.action !== 'send') {
          const groups = await previewAnnouncement(ctx, filter, message);
          await announcePage(res, programme, { values, count: await count(), groups });
          return;
        }
        const sent = await sendAnnouncement(ctx, organizer, filter, message);
        redirectDone(res, `/admin/events/${programme.event.slug}/announce`, 'announcementSent', sent);
      },
      async (errors) => announcePage(res, programme, { values, errors, count: await count() }, 400),
    );
  });

  const attendancePage = async (
    req: Request,
    res: Response,
    imported: unknown,
    refusal?: AppError,
    csv = '',
    more: { report?: ReportAnswer; reportError?: string; matchError?: { rowId: number; code: string } } = {},
  ) => {
    const sessionId = positiveInt(req.params.id);
    const { session, rows } = await attendees(ctx, organizerOf(res), sessionId);
    const named = sessionNamed(req, {
      title: { lv: session.title_lv, en: session.title_en },
      startsAt: String(session.starts_at),
      place: session.place,
      address: session.address,
    });
    const unmatched = await unmatchedRows(ctx, sessionId);
    // A hand match refused: its row's choice is marked, and the summary names the row.
    const wrongRow = more.matchError && unmatched.find((u) => u.id === more.matchError?.rowId);
    const matchField = wrongRow ? `match-${wrongRow.id}` : null;
    page(
      res,
      'attendance',
      res.locals.t('admin.attendanceOf', { session: named }),
      {
        ...{ session, rows, imported, csv, refused: refusal ? errorMessage(refusal, req) : null },
        unmatched,
        joinedOnly: rows.filter((r) => r.joined && !r.attended).length,
        report: more.report ?? null,
        reportError: more.reportError ?? null,
        ...(wrongRow && matchField && more.matchError
          ? {
              errors: { [matchField]: more.matchError.code },
              fieldLabels: { [matchField]: `${res.locals.t('pd.att.matchTo')} (${wrongRow.name})` },
            }
          : {}),
      },
      refusal ? refusal.status : more.reportError || matchField ? 400 : 200,
    );
  };

  /** Runs an attendance action; a refusal (too early) shows the page again with its message. */
  const orRefused = async (req: Request, res: Response, action: () => Promise<void>, csv = ''): Promise<void> => {
    try {
      await action();
    } catch (err) {
      if (!(err instanceof AppError && err.reason)) throw err;
      await attendancePage(req, res, null, err, csv);
    }
  };

  router.get('/admin/sessions/:id/attendance', async (req, res) => {
    await attendancePage(req, res, null);
  });

  router.post('/admin/sessions/:id/attendance', async (req, res) => {
    const id = positiveInt(req.params.id);
    await orRefused(req, res, async () => {
      await markAttendance(ctx, organizerOf(res), id, presentSeatIds(req.body));
      redirectDone(res, `/admin/sessions/${id}/attendance`, 'attendanceSaved');
    });
  });

  router.post('/admin/sessions/:id/attendance/import', async (req, res) => {
    const csv = String((req.body as Record<string, unknown>)?.csv ?? '').slice(0, 200_000);
    await orRefused(
      req,
      res,
      async () => {
        const imported = await importAttendance(ctx, organizerOf(res), positiveInt(req.params.id), csv);
        await attendancePage(req, res, imported);
      },
      csv,
    );
  });

  // The meeting's own report (Zoom, Teams), uploaded as the file it exported.
  router.post('/admin/sessions/:id/attendance/report', async (req, res) => {
    const file = (req.body as Record<string, unknown> | undefined)?.file;
    await orRefused(req, res, async () => {
      try {
        const report = await applyAttendanceReport(
          ctx,
          organizerOf(res),
          positiveInt(req.params.id),
          file instanceof Uint8Array ? file : new Uint8Array(),
        );
        await attendancePage(req, res, null, undefined, '', { report });
      } catch (err) {
        const code = err instanceof AppError && err.code === 'invalid_input' ? err.fields?.file : undefined;
        if (!code) throw err;
        await attendancePage(req, res, null, undefined, '', { reportError: code });
      }
    });
  });

  // A report row that matched nobody, matched to a person by hand.
  router.post('/admin/sessions/:id/attendance/unmatched/:row', async (req, res) => {
    const id = positiveInt(req.params.id);
    const rowId = positiveInt(req.params.row);
    const seatId = Number((req.body as Record<string, unknown> | undefined)?.seatId);
    await withFormErrors(
      async () => {
        const done = await matchUnmatched(
          ctx,
          organizerOf(res),
          id,
          rowId,
          Number.isInteger(seatId) && seatId > 0 && seatId <= MAX_ID ? seatId : 0,
        );
        redirectDone(res, `/admin/sessions/${id}/attendance`, done.attended ? 'reportMatched' : 'reportMatchedBelow');
      },
      async (errors) =>
        attendancePage(req, res, null, undefined, '', {
          matchError: { rowId, code: Object.values(errors)[0] ?? 'choose_person' },
        }),
    );
  });

  // A waiting row that is nobody's (a guest, the host) removed: a page that says what goes, then its button.
  router.get('/admin/sessions/:id/attendance/unmatched/:row/dismiss', async (req, res) => {
    const id = positiveInt(req.params.id);
    const row = await unmatchedRow(ctx, organizerOf(res), id, positiveInt(req.params.row));
    page(res, 'attendance-dismiss', res.locals.t('pd.att.dismissHeading'), { session: { id }, row });
  });

  router.post('/admin/sessions/:id/attendance/unmatched/:row/dismiss', async (req, res) => {
    const id = positiveInt(req.params.id);
    await dismissUnmatched(ctx, organizerOf(res), id, positiveInt(req.params.row));
    redirectDone(res, `/admin/sessions/${id}/attendance`, 'reportDismissed');
  });

  // Confirming the joined list: a page that says what it does, then the confirmation.
  router.get('/admin/sessions/:id/attendance/confirm-joined', async (req, res) => {
    const { session, rows } = await attendees(ctx, organizerOf(res), positiveInt(req.params.id));
    const title = langOf(req) === 'en' ? session.title_en : session.title_lv;
    page(res, 'attendance-confirm', res.locals.t('pd.att.confirmHeading', { session: title }), {
      session,
      joined: rows.filter((r) => r.joined && !r.attended),
    });
  });

  router.post('/admin/sessions/:id/attendance/confirm-joined', async (req, res) => {
    const id = positiveInt(req.params.id);
    await orRefused(req, res, async () => {
      const n = await confirmJoined(ctx, organizerOf(res), id);
      redirectDone(res, `/admin/sessions/${id}/attendance`, 'joinedConfirmed', n);
    });
  });

  router.get('/admin/events/:slug/report', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const organizer = organizerOf(res);
    const query = queryOf(ReportPageQuery, req);
    const { by, region, format, dialect, table } = query;
    const ticked = REPORT_COUNTS.filter((c) => query[`col_${c}`] === '1');
    const counts = ticked.length > 0 ? ticked : countsAsked(query.columns);
    const lang = langOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      const as = exportFormat(format, dialect);
      sendDownload(
        res,
        table === 'sessions'
          ? await exportSessionReport(ctx, organizer, programme, as, lang, region || undefined)
          : await exportReport(ctx, organizer, programme, by, as, lang, region || undefined, counts),
      );
      return;
    }
    const report = await reportFor(ctx, organizer, programme, by, lang, region || undefined);
    const sessions = await sessionReport(ctx, organizer, programme, lang, region || undefined);
    const questions = await questionCounts(ctx, organizer, programme, lang, region || undefined);
    const regions = programme.regions.filter((r) => canActInRegion(organizer, r.id));
    const qs = new URLSearchParams({ by, ...(region ? { region } : {}), columns: counts.join(',') }).toString();
    const sessionQs = new URLSearchParams({ ...(region ? { region } : {}), table: 'sessions' }).toString();
    page(res, 'report', res.locals.t('report.heading'), {
      ...{ programme, report, sessions, questions, by, region: region ?? '', regions, qs, sessionQs },
      ...{ dimensions: REPORT_DIMENSIONS, counts, allCounts: REPORT_COUNTS },
    });
  });

  // The ESF+ participants report (admins only): the table on the page, the same as a download.
  router.get('/admin/reports/participants', requireAdmin, async (req, res) => {
    const { format, dialect } = queryOf(ParticipantsReportQuery, req);
    const lang = langOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      sendDownload(res, await exportParticipantsReport(ctx, organizerOf(res), exportFormat(format, dialect), lang));
      return;
    }
    page(res, 'participants-report', res.locals.t('esf.report.heading'), {
      report: await participantsReport(ctx, organizerOf(res), lang),
      questions: PARTICIPANT_QUESTION_NAMES.map((name) => ({ name, answers: [...PARTICIPANT_QUESTIONS[name]] })),
      flags: DISADVANTAGES,
      flagAnswers: FLAG_ANSWERS,
    });
  });

  return router;
}
