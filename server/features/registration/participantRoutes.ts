import { Router, type Request, type Response } from 'express';
import {
  changeParticipantData,
  hasSpecialConsent,
  participantDataToChange,
  withdrawSpecialConsent,
} from './specialConsent.js';
import { AppError } from '../../domain/errors.js';
import { listEvents } from '../../db/programme.js';
import type { ServiceContext } from '../../context.js';
import {
  cancelRegistration,
  cancelSeat,
  choosableSessions,
  seatToCancel,
  switchSeat,
  viewRegistration,
  type RegistrationView,
} from './register.js';
import { langOf, languageChosen, useLanguage } from '../../http/i18n.js';
import { NO_GUARDS, type HttpGuards } from '../../http/guards.js';
import { certificatesToKeep, confirmVM, manageVM, type ConfirmAction } from './manageViewModel.js';
import {
  AddItemBody,
  answersFromForm,
  fieldErrors,
  ManageQuery,
  ParticipantDataBody,
  participantDataFromForm,
  queryOf,
  SwitchBody,
  type FormBody,
} from '../../http/schemas.js';
import { changeAnswers } from './answers.js';
import { participantDataValues, participantDataVM, questionErrors } from './eventViewModels.js';
import { addSeatByToken } from './addSeat.js';
import { NOINDEX, privatePage } from '../../http/securityHeaders.js';
import { eraseRegistration } from './erasure.js';
import { rotateManageLink } from './manageLink.js';
import { personalData } from './personalData.js';
import { joinPathsOf } from '../attendance/index.js';
import { addressActionCertificatePdf, certificatesOf, personalCertificatePdf } from './certificates.js';
import { verifyUrlOf } from '../../documents/certificate.js';
import { confirmAddress } from './holds.js';
import { actionByToken, askAddress, needsAddress, performAction, type AddressAction } from './addressActions.js';
import { loadProgramme } from '../../db/programme.js';
import { acceptOffer, declineOffer } from './offers.js';
import { registrationOpen, type SeatView, type Session } from '../../domain/types.js';

const DONE = [
  'cancelSeat',
  'cancelAll',
  'switch',
  'added',
  'answers',
  'confirmed',
  'confirmedLapsed',
  'accepted',
  'declined',
  'participantData',
] as const;

/** What the manage page says besides the registration itself. */
interface ManagePage {
  welcome?: boolean;
  done?: (typeof DONE)[number];
  addedSeatId?: number | null;
  /** After a switch: the sessions left and joined, named in the banner. */
  switched?: { from: string; to: string; confirmed: boolean };
  /** Refused answers: their errors (`answers.<id>`) and the form as it was sent. */
  answerErrors?: Record<string, string>;
  answerValues?: Record<string, unknown>;
}

/** A destructive action goes ahead only with the confirmation step's `confirm=yes`. */
const confirmed = (req: Request): boolean => (req.body as Record<string, unknown> | undefined)?.confirm === 'yes';

function positiveId(v: unknown): number {
  const id = Number(v);
  if (!Number.isInteger(id) || id <= 0) throw new AppError('not_found');
  return id;
}

const seatId = (req: Request): number => positiveId(req.params.seatId);

/** An offered seat of the registration, with its session (the one an accept or decline is about). */
function offerOf(view: RegistrationView, id: number): { seat: SeatView; session: Session; cancelsAll: boolean } {
  if (view.registration.status !== 'active') throw new AppError('not_allowed');
  const seat = view.seats.find((s) => s.id === id && s.status === 'offered');
  const session = view.programme.sessions.find((s) => s.id === seat?.sessionId);
  if (!seat || !session) throw new AppError('not_found');
  return { seat, session, cancelsAll: false };
}

/** The seat a switch gives up and the session it goes to (checked again when it happens). */
function switchOf(
  view: RegistrationView,
  id: number,
  toSessionId: number,
  now: Date,
): { seat: SeatView; session: Session; to: Session; cancelsAll: boolean } {
  const { registration, programme } = view;
  if (registration.status !== 'active' || registration.addressState === 'pending') throw new AppError('not_allowed');
  if (!registrationOpen(programme.event, now)) throw new AppError('registration_closed');
  const seat = view.seats.find((s) => s.id === id && s.status !== 'cancelled' && s.status !== 'offered');
  const session = programme.sessions.find((s) => s.id === seat?.sessionId);
  if (!seat || !session || session.kind === 'plenary') throw new AppError('not_found');
  const to = choosableSessions(programme, registration.regionId).find(
    (s) => s.id === toSessionId && s.id !== session.id && s.startsAt === session.startsAt,
  );
  if (!to) throw new AppError('invalid_input', { sessionId: 'unknown_session' });
  return { seat, session, to, cancelsAll: false };
}

/** The banner after a switch names both sessions: the seats as the redirect named them, if they are this person's. */
function switchedSeats(
  view: RegistrationView,
  seat: string | undefined,
  from: string | undefined,
  lang: 'lv' | 'en',
): { switched?: { from: string; to: string; confirmed: boolean } } {
  const title = (id: string | undefined) => {
    const s = id && /^\d+$/.test(id) ? view.seats.find((x) => x.id === Number(id)) : undefined;
    const session = view.programme.sessions.find((x) => x.id === s?.sessionId);
    return s && session ? { seat: s, title: session.title } : null;
  };
  const to = title(seat);
  const was = title(from);
  return to && was
    ? { switched: { from: was.title[lang], to: to.title[lang], confirmed: to.seat.status === 'confirmed' } }
    : {};
}

export function participantRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): Router {
  const router = Router();
  // A manage page shows a name and an e-mail address: no search engine keeps any of it.
  router.use('/r/:token', (_req, res, next) => {
    res.setHeader('X-Robots-Tag', NOINDEX);
    res.locals.noindex = true;
    next();
  });
  router.use('/r/:token', guards.csrf);

  router.get('/r/:token', async (req, res) => {
    const query = queryOf(ManageQuery, req);
    const view = await viewRegistration(ctx, req.params.token).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found') return null;
      throw err;
    });
    if (!view) return renderUnknownLink(req, res);
    // A link without ?lang= (an older e-mail) opens in the person's language unless the visitor chose one.
    if (!languageChosen(req)) useLanguage(req, res, view.registration.language);
    const done = DONE.find((d) => d === query.done);
    await renderManage(req, res, view, {
      welcome: query.welcome === '1',
      done,
      addedSeatId: done === 'added' && query.seat && /^\d+$/.test(query.seat) ? Number(query.seat) : null,
      ...(done === 'switch' ? switchedSeats(view, query.seat, query.from, langOf(req)) : {}),
    });
  });

  /** An old (renewed) or mistyped link: say so, and where a working one comes from (404). */
  const renderUnknownLink = async (req: Request, res: Response): Promise<void> => {
    const events = (await listEvents(ctx.db, { publishedOnly: true })).map((e) => ({
      slug: e.slug,
      title: e.title[langOf(req)],
    }));
    res.status(404).render('pages/link-unknown', { title: res.locals.t('unknownLink.heading'), events });
  };

  /** The manage page of `view`; after refused answers, with their errors and what was typed. */
  const renderManage = async (req: Request, res: Response, view: RegistrationView, page: ManagePage): Promise<void> => {
    const token = String(req.params.token);
    const joinPaths = await joinPathsOf(ctx, view.programme, view.seats);
    const certificates = await certificatesOf(ctx, view.registration.id);
    const m = manageVM(view, langOf(req), ctx.clock(), joinPaths, ctx.baseUrl);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.status(page.answerErrors ? 400 : 200).render('pages/manage', {
      title: res.locals.t('manage.heading'),
      m: {
        ...m,
        token,
        webcalUrl: `${ctx.baseUrl.replace(/^https?:/, 'webcal:')}/r/${token}/calendar.ics`,
        certificates: certificates.map((c) => ({
          id: c.id,
          number: c.numberText,
          hoursTenths: c.hoursTenths,
          status: c.status,
          verifyUrl: verifyUrlOf(ctx.baseUrl, c.verifyCode),
        })),
        specialConsent: await hasSpecialConsent(ctx, view.registration.id),
        participantDataAsked: view.programme.event.participantData,
      },
      welcome: page.welcome ?? false,
      done: page.done,
      addedSeatId: page.addedSeatId ?? null,
      switched: page.switched ?? null,
      values: page.answerValues ?? m.answerValues,
      errors: questionErrors(page.answerErrors ?? {}),
    });
  };

  /**
   * The first step of a destructive action: a page that says what will happen, with the
   * way back beside the way forward. Nothing changes until its form is sent.
   */
  const confirmStep = async (
    req: Request,
    res: Response,
    action: ConfirmAction,
    switchTo: number | null = null,
  ): Promise<void> => {
    const token = String(req.params.token);
    const view: RegistrationView = await viewRegistration(ctx, token);
    const moving = action === 'switch' ? switchOf(view, seatId(req), switchTo ?? 0, ctx.clock()) : null;
    const seat =
      action === 'cancelSeat'
        ? seatToCancel(view, seatId(req))
        : action === 'decline'
          ? offerOf(view, seatId(req))
          : moving;
    if ((action === 'cancelAll' || action === 'newLink') && view.registration.status !== 'active')
      throw new AppError('not_allowed');
    const certificates =
      action === 'delete'
        ? certificatesToKeep(
            await certificatesOf(ctx, view.registration.id),
            (id) => `/r/${token}/certificates/${id}/pdf`,
            langOf(req),
          )
        : [];
    const vm = confirmVM(view, action, seat, token, langOf(req), moving?.to ?? null, certificates);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.render('pages/confirm', { title: res.locals.t(vm.heading.key, vm.heading.vars), c: vm });
  };

  // The address confirms its registration: the page's button, never the link itself (a
  // mail scanner opens every link in a message).
  router.post('/r/:token/confirm-address', async (req, res) => {
    const done = await confirmAddress(ctx, String(req.params.token));
    res.redirect(303, `/r/${req.params.token}?done=${done.lapsed ? 'confirmedLapsed' : 'confirmed'}`);
  });

  router.post('/r/:token/seats/:seatId/accept', async (req, res) => {
    const view = await viewRegistration(ctx, String(req.params.token));
    await acceptOffer(ctx, String(req.params.token), offerOf(view, seatId(req)).session.id);
    res.redirect(303, `/r/${req.params.token}?done=accepted`);
  });

  router.get('/r/:token/seats/:seatId/decline', (req, res) => confirmStep(req, res, 'decline'));
  router.post('/r/:token/seats/:seatId/decline', async (req, res) => {
    if (!confirmed(req)) return confirmStep(req, res, 'decline');
    const view = await viewRegistration(ctx, String(req.params.token));
    await declineOffer(ctx, String(req.params.token), offerOf(view, seatId(req)).session.id);
    res.redirect(303, `/r/${req.params.token}?done=declined`);
  });

  router.get('/r/:token/cancel', (req, res) => confirmStep(req, res, 'cancelAll'));
  router.get('/r/:token/seats/:seatId/cancel', (req, res) => confirmStep(req, res, 'cancelSeat'));
  router.get('/r/:token/delete', (req, res) => confirmStep(req, res, 'delete'));

  /** The person's ESF+ answers on a page of their own, with the registration form's questions. */
  const participantDataPage = (
    req: Request,
    res: Response,
    values: Record<string, unknown>,
    errors: Record<string, string> = {},
  ): void => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/participant-data', {
      title: res.locals.t('esf.change.heading'),
      token: String(req.params.token),
      participantData: participantDataVM(),
      values,
      errors,
    });
  };

  router.get('/r/:token/participant-data', async (req, res) => {
    const { data } = await participantDataToChange(ctx, String(req.params.token));
    participantDataPage(req, res, participantDataValues(data));
  });

  router.post('/r/:token/participant-data', async (req, res) => {
    const form = (req.body ?? {}) as FormBody;
    await participantDataToChange(ctx, String(req.params.token));
    const parsed = ParticipantDataBody.safeParse(participantDataFromForm(form));
    if (!parsed.success) {
      const errors = Object.fromEntries(
        Object.entries(fieldErrors(parsed.error, { dotted: true })).map(([k, v]) => [`participantData.${k}`, v]),
      );
      const values = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('pd_')));
      return participantDataPage(req, res, values, errors);
    }
    await changeParticipantData(ctx, String(req.params.token), parsed.data);
    res.redirect(303, `/r/${req.params.token}?done=participantData`);
  });

  // The ESF+ disadvantage answers' consent withdrawn: a page that says what goes, then its button.
  router.get('/r/:token/participant-data/withdraw', (req, res) => confirmStep(req, res, 'withdrawSpecial'));
  router.post('/r/:token/participant-data/withdraw', async (req, res) => {
    if (!confirmed(req)) return confirmStep(req, res, 'withdrawSpecial');
    await withdrawSpecialConsent(ctx, String(req.params.token));
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('esf.withdraw.done'),
    });
  });

  /**
   * A registration holding a certificate ends only on its address's word: instead of doing
   * it, the address is sent a link to confirm, and the page says so (addressActions.ts).
   */
  const askedAddress = async (req: Request, res: Response, action: AddressAction): Promise<boolean> => {
    const view = await viewRegistration(ctx, String(req.params.token));
    if (!(await needsAddress(ctx, view.registration.id))) return false;
    await askAddress(ctx, view.registration, action);
    res.render('pages/notice', {
      title: res.locals.t(`addressAction.heading.${action}`),
      message: res.locals.t('addressAction.sent', { email: view.registration.email }),
    });
    return true;
  };

  router.post('/r/:token/cancel', async (req, res) => {
    if (!confirmed(req)) return confirmStep(req, res, 'cancelAll');
    if (await askedAddress(req, res, 'cancel')) return;
    await cancelRegistration(ctx, req.params.token);
    res.redirect(303, `/r/${req.params.token}?done=cancelAll`);
  });

  router.post('/r/:token/seats/:seatId/cancel', async (req, res) => {
    if (!confirmed(req)) return confirmStep(req, res, 'cancelSeat');
    await cancelSeat(ctx, req.params.token, seatId(req));
    res.redirect(303, `/r/${req.params.token}?done=cancelSeat`);
  });

  router.post('/r/:token/items', async (req, res) => {
    const sessionId = (req.body as Record<string, unknown> | undefined)?.sessionId;
    const body = AddItemBody.safeParse({ sessionId: /^\d{1,9}$/.test(String(sessionId)) ? Number(sessionId) : NaN });
    if (!body.success) throw new AppError('invalid_input', { sessionId: 'unknown_session' });
    const { added } = await addSeatByToken(ctx, req.params.token, body.data.sessionId);
    res.redirect(303, `/r/${req.params.token}?done=added&seat=${added.seatId}`);
  });

  router.post('/r/:token/answers', async (req, res) => {
    const form = (req.body ?? {}) as FormBody;
    try {
      await changeAnswers(ctx, req.params.token, answersFromForm(form));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid_input' && err.fields)) throw err;
      // Shown again with what was typed, nothing lost.
      const view = await viewRegistration(ctx, req.params.token);
      const answerValues = Object.fromEntries(Object.entries(form).filter(([name]) => /^q\d+$/.test(name)));
      return renderManage(req, res, view, { answerErrors: err.fields, answerValues });
    }
    res.redirect(303, `/r/${req.params.token}?done=answers`);
  });

  // A switch gives up one place for another: a page naming both first, then its button.
  router.get('/r/:token/seats/:seatId/switch', async (req, res) => {
    const body = SwitchBody.safeParse({ sessionId: req.query.sessionId });
    if (!body.success) throw new AppError('invalid_input', { sessionId: 'unknown_session' });
    await confirmStep(req, res, 'switch', body.data.sessionId);
  });
  router.post('/r/:token/seats/:seatId/switch', async (req, res) => {
    const body = SwitchBody.safeParse({ sessionId: (req.body as Record<string, unknown> | undefined)?.sessionId });
    if (!body.success) throw new AppError('invalid_input');
    if (!confirmed(req)) return confirmStep(req, res, 'switch', body.data.sessionId);
    const from = seatId(req);
    const after = await switchSeat(ctx, req.params.token, from, body.data.sessionId);
    const moved = after.seats.find((s) => s.sessionId === body.data.sessionId && s.status !== 'cancelled');
    res.redirect(303, `/r/${req.params.token}?done=switch${moved ? `&seat=${moved.id}&from=${from}` : ''}`);
  });

  router.get('/r/:token/certificates/:id/pdf', async (req, res) => {
    const file = await personalCertificatePdf(ctx, req.params.token, positiveId(req.params.id));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.type('application/pdf').send(file.body);
  });

  router.get('/r/:token/data.json', async (req, res) => {
    const data = await personalData(ctx, req.params.token);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="my-registration.json"');
    res.json(data);
  });

  // A new link ends the old one and the calendar feed made from it: a page that says so
  // first (nothing changes there), then its button.
  router.get('/r/:token/new-link', (req, res) => confirmStep(req, res, 'newLink'));
  router.post('/r/:token/new-link', guards.linkLimit, async (req, res) => {
    if (!confirmed(req)) return confirmStep(req, res, 'newLink');
    const view = await viewRegistration(ctx, String(req.params.token));
    await rotateManageLink(ctx, view.registration.id, 'asked');
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('privacy.newLinkSent'),
    });
  });

  router.post('/r/:token/delete', async (req, res) => {
    if (!confirmed(req)) return confirmStep(req, res, 'delete');
    if (await askedAddress(req, res, 'erase')) return;
    await eraseRegistration(ctx, req.params.token);
    res.render('pages/notice', {
      title: res.locals.t('privacy.heading.data'),
      message: res.locals.t('privacy.deleted'),
    });
  });

  // The address confirms a cancellation or erasure it was asked about: a page, then its button.
  router.use('/a/:token', privatePage);
  router.use('/a/:token', guards.csrf);
  router.get('/a/:token', async (req, res) => {
    const { action, registration } = await actionByToken(ctx, String(req.params.token));
    const programme = await loadProgramme(ctx.db, { id: registration.eventId });
    if (!languageChosen(req)) useLanguage(req, res, registration.language);
    const event = programme?.event.title[langOf(req)] ?? '';
    // Before an erasure, the certificates it keeps, each with its PDF (this page's link
    // is the last one of the person's that leads to them).
    const certificates =
      action === 'erase'
        ? certificatesToKeep(
            await certificatesOf(ctx, registration.id),
            (id) => `/a/${req.params.token}/certificates/${id}/pdf`,
            langOf(req),
          )
        : [];
    res.render('pages/confirm', {
      title: res.locals.t(`addressAction.heading.${action}`),
      c: {
        lines: [{ key: `addressAction.what.${action}`, vars: { event } }],
        sessions: [],
        certificates,
        action: `/a/${req.params.token}`,
        submit: `addressAction.submit.${action}`,
        downloadUrl: null,
        backUrl: `/events/${programme?.event.slug ?? ''}`,
        backLabel: 'addressAction.keep',
      },
    });
  });
  router.get('/a/:token/certificates/:id/pdf', async (req, res) => {
    const file = await addressActionCertificatePdf(ctx, String(req.params.token), positiveId(req.params.id));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.type('application/pdf').send(file.body);
  });
  router.post('/a/:token', async (req, res) => {
    const action = await performAction(ctx, String(req.params.token));
    res.render('pages/notice', {
      title: res.locals.t(`addressAction.heading.${action}`),
      message: res.locals.t(`addressAction.done.${action}`),
    });
  });

  return router;
}
