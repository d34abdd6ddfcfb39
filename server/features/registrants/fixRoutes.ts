import { Router, type Response } from 'express';
import { municipalitiesInOrder } from '../../db/programme.js';
import { registrantPage, withGiven } from './adminRoutes.js';
import { AppError } from '../../domain/errors.js';
import { canActInRegion } from '../../domain/organizers.js';
import { ROLES, type Programme } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import {
  addSessionByOrganizer,
  editRegistrant,
  registerByOrganizer,
  removeSessionByOrganizer,
  samePhoneHolders,
} from './edit.js';
import { registrationInScope, seatInScope } from '../organizers/index.js';
import { CONSENT_SOURCES } from '../../domain/types.js';
import { langOf, sessionNamed } from '../../http/i18n.js';
import { registrationFromForm } from '../../http/schemas.js';
import { organizerOf } from '../organizers/index.js';
import { programmeOr404 } from '../programme/index.js';
import {
  formPage,
  formValues,
  page,
  parseForm,
  positiveInt,
  redirectDone,
  withFormErrors,
  type FormState,
} from '../../http/admin/render.js';
import { AddEmailForm, OrganizerRegistrationBody, RegistrantForm } from '../../http/admin/schemas.js';
import { phoneLine } from '../../domain/phone.js';
import type { SeatView } from '../../domain/types.js';
import { registrantRecord } from './record.js';

type Form = Record<string, string | string[] | undefined>;

/** A form's empty text fields left out, so that an optional field left empty is not given. */
function withoutEmpty<T extends Record<string, unknown>>(body: T | undefined, names: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = { ...(body ?? {}) };
  for (const name of names) {
    const v = out[name];
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) delete out[name];
  }
  return out as Partial<T>;
}

/**
 * The banner after adding a person, in plain words: a place given, or the queue position
 * (the first waiting seat's), or both. A plenary is nobody's scarce place: not counted.
 */
function placeNotice(seats: readonly SeatView[], programme: Programme): { done: string; n?: number } {
  const scarce = seats.filter((s) => programme.sessions.find((x) => x.id === s.sessionId)?.kind !== 'plenary');
  const waiting = scarce.filter((s) => s.status === 'waitlisted');
  const first = waiting[0];
  if (!first) return { done: 'placeGiven' };
  const n = first.waitlistPosition ?? undefined;
  return { done: waiting.length < scarce.length ? 'placeAndQueue' : 'queuePosition', n };
}

/** Organizers correct and complete registrations: edit details, add people and sessions. */
export function registrantFixesRouter(ctx: ServiceContext): Router {
  const router = Router();
  const choices = async (programme: Programme, res: Response) => ({
    municipalities: await municipalitiesInOrder(ctx.db, langOf(res.req)),
    roles: ROLES,
    consentSources: CONSENT_SOURCES,
    regions: programme.regions.filter((r) => canActInRegion(organizerOf(res), r.id)),
    sessions: programme.sessions.filter(
      (s) => s.kind !== 'plenary' && s.status === 'scheduled' && canActInRegion(organizerOf(res), s.regionId ?? ''),
    ),
    programme,
  });

  const editForm = async (res: Response, id: number, form: Omit<FormState, 'action'>) => {
    const { registration, programme } = await registrationInScope(ctx, organizerOf(res), id);
    const title = res.locals.t('admin.editRegistrant', { name: registration.name });
    formPage(
      res,
      'registrant-form',
      title,
      { ...form, action: `/admin/registrations/${id}/edit` },
      {
        ...(await choices(programme, res)),
        registration,
      },
    );
  };

  router.get('/admin/registrations/:id/edit', async (req, res) => {
    const id = positiveInt(req.params.id);
    const { registration: r } = await registrationInScope(ctx, organizerOf(res), id);
    const values = {
      name: r.name,
      email: r.email ?? '',
      phone: r.phone ?? '',
      institution: r.institution,
      municipality: r.municipalityId,
    };
    await editForm(res, id, { values: { ...values, role: r.role, language: r.language } });
  });

  router.post('/admin/registrations/:id/edit', async (req, res) => {
    const id = positiveInt(req.params.id);
    await withFormErrors(
      async () => {
        await editRegistrant(
          ctx,
          organizerOf(res),
          id,
          parseForm(RegistrantForm, withoutEmpty(req.body, ['email', 'phone'])),
        );
        redirectDone(res, `/admin/registrations/${id}`, 'registrantEdited');
      },
      (errors) => editForm(res, id, { values: formValues(req), errors, status: 400 }),
    );
  });

  /** The add-a-person form; `warn.samePhone`: the phone is already someone's (the names the organizer may see). */
  const personForm = async (
    res: Response,
    programme: Programme,
    form: Omit<FormState, 'action'>,
    warn: { samePhone?: { names: string[] } } = {},
  ) => {
    const action = `/admin/events/${programme.event.slug}/registrations/new`;
    const title = res.locals.t('admin.addPerson');
    formPage(
      res,
      'person-form',
      title,
      { ...form, action },
      { ...(await choices(programme, res)), samePhone: null, ...warn },
    );
  };

  router.get('/admin/events/:slug/registrations/new', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    await personForm(res, programme, { values: { language: langOf(req), sessionIds: [] } });
  });

  router.post('/admin/events/:slug/registrations/new', async (req, res) => {
    const programme = await programmeOr404(ctx, String(req.params.slug));
    const form = (req.body ?? {}) as Form;
    await withFormErrors(
      async () => {
        const body = {
          ...withoutEmpty(registrationFromForm(form), ['email']),
          ...withoutEmpty({ phone: form.phone }, ['phone']),
          consent: true,
          consentSource: form.consentSource,
          allowSamePhone: form.allowSamePhone === 'yes',
        };
        const { consentSource, ...input } = parseForm(OrganizerRegistrationBody, body);
        const organizer = organizerOf(res);
        const made = await registerByOrganizer(ctx, organizer, programme.event.slug, input, consentSource).catch(
          async (err: unknown) => {
            if (err instanceof AppError && err.code === 'already_registered')
              throw new AppError('invalid_input', { email: 'email_registered' });
            if (err instanceof AppError && err.reason === 'phone_registered' && input.phone) {
              // Not a refusal: the form again, naming who has the number, with a box to add them anyway.
              const holders = await samePhoneHolders(ctx, programme.event.slug, input.phone);
              const names = holders.filter((h) => canActInRegion(organizer, h.regionId)).map((h) => h.name);
              await personForm(res, programme, { values: formValues(req), status: 409 }, { samePhone: { names } });
              return null;
            }
            throw err;
          },
        );
        if (!made) return;
        const { done, n } = placeNotice(made.seats, programme);
        // A caller without an e-mail heard nothing from us: the organizer is shown what to tell them.
        const to = made.registration.email === null ? `/caller` : '';
        redirectDone(res, `/admin/registrations/${made.registration.id}${to}`, done, n);
      },
      (errors) => personForm(res, programme, { values: formValues(req), errors, status: 400 }),
    );
  });

  /** What to tell a person registered by phone, and their confirmation to print (print CSS). */
  router.get('/admin/registrations/:id/caller', async (req, res) => {
    const lang = langOf(req);
    const record = await registrantRecord(ctx, organizerOf(res), positiveInt(req.params.id), lang);
    res.setHeader('Cache-Control', 'no-store');
    const title = res.locals.t('admin.caller.heading', { name: record.registration.name });
    page(res, 'caller', title, {
      ...record,
      phone: record.registration.phone ? phoneLine(record.registration.phone) : null,
    });
  });

  /** A person registered without an e-mail gives one: it is saved and the confirmation sent. */
  router.post('/admin/registrations/:id/email', async (req, res) => {
    const id = positiveInt(req.params.id);
    const organizer = organizerOf(res);
    await withFormErrors(
      async () => {
        const { registration } = await registrationInScope(ctx, organizer, id);
        if (registration.email !== null || registration.status !== 'active') throw new AppError('not_allowed');
        await editRegistrant(ctx, organizer, id, parseForm(AddEmailForm, req.body));
        redirectDone(res, `/admin/registrations/${id}`, 'emailAdded');
      },
      (errors) => registrantPage(ctx, req, res, id, { values: formValues(req), errors }),
    );
  });

  router.post('/admin/registrations/:id/items', async (req, res) => {
    const id = positiveInt(req.params.id);
    const sessionId = positiveInt((req.body as Record<string, unknown> | undefined)?.sessionId);
    const added = await addSessionByOrganizer(ctx, organizerOf(res), id, sessionId);
    const done = added.status === 'confirmed' ? 'sessionAddedConfirmed' : 'sessionAddedWaitlisted';
    redirectDone(res, `/admin/registrations/${id}`, done, added.waitlistPosition ?? undefined);
  });

  router.get('/admin/seats/:id/remove', async (req, res) => {
    const seatId = positiveInt(req.params.id);
    const { seat, registration, programme } = await seatInScope(ctx, organizerOf(res), seatId);
    const session = programme.sessions.find((s) => s.id === seat.sessionId);
    if (seat.status === 'cancelled' || !session || session.kind === 'plenary') throw new AppError('not_allowed');
    const title = res.locals.t('admin.removeSessionHeading', { session: sessionNamed(req, session) });
    page(res, 'seat-remove', title, { seat, registration, session });
  });

  router.post('/admin/seats/:id/remove', async (req, res) => {
    const seatId = positiveInt(req.params.id);
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
      res.redirect(303, `/admin/seats/${seatId}/remove`);
      return;
    }
    const { registrationId, promoted } = await removeSessionByOrganizer(ctx, organizerOf(res), seatId);
    redirectDone(res, await withGiven(ctx, `/admin/registrations/${registrationId}`, promoted), 'sessionRemoved');
  });

  /** Cancelling a whole registration takes a second step: what it does, and to whom. */
  router.get('/admin/registrations/:id/cancel', async (req, res) => {
    const { registration, programme } = await registrationInScope(ctx, organizerOf(res), positiveInt(req.params.id));
    if (registration.status !== 'active') throw new AppError('not_allowed');
    const title = res.locals.t('admin.cancelRegistrationHeading', { name: registration.name });
    page(res, 'registration-cancel', title, { registration, event: programme.event.title[langOf(req)] });
  });

  router.post('/admin/registrations/:id/cancel', async (req, res, next) => {
    const id = positiveInt(req.params.id);
    await registrationInScope(ctx, organizerOf(res), id);
    if ((req.body as Record<string, unknown> | undefined)?.confirm === 'yes') {
      next(); // the cancel itself (people.ts)
      return;
    }
    res.redirect(303, `/admin/registrations/${id}/cancel`);
  });

  return router;
}
