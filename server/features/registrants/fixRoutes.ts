import { Router, type Response } from 'express';
import { municipalitiesInOrder } from '../../db/programme.js';
import { withGiven } from './adminRoutes.js';
import { AppError } from '../../domain/errors.js';
import { canActInRegion } from '../../domain/organizers.js';
import { ROLES, type Programme } from '../../domain/types.js';
import type { ServiceContext } from '../../context.js';
import { addSessionByOrganizer, editRegistrant, registerByOrganizer, removeSessionByOrganizer } from './edit.js';
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
import { OrganizerRegistrationBody, RegistrantForm } from '../../http/admin/schemas.js';

type Form = Record<string, string | string[] | undefined>;

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
    const values = { name: r.name, email: r.email, institution: r.institution, municipality: r.municipalityId };
    await editForm(res, id, { values: { ...values, role: r.role, language: r.language } });
  });

  router.post('/admin/registrations/:id/edit', async (req, res) => {
    const id = positiveInt(req.params.id);
    await withFormErrors(
      async () => {
        await editRegistrant(ctx, organizerOf(res), id, parseForm(RegistrantForm, req.body));
        redirectDone(res, `/admin/registrations/${id}`, 'registrantEdited');
      },
      (errors) => editForm(res, id, { values: formValues(req), errors, status: 400 }),
    );
  });

  const personForm = async (res: Response, programme: Programme, form: Omit<FormState, 'action'>) => {
    const action = `/admin/events/${programme.event.slug}/registrations/new`;
    const title = res.locals.t('admin.addPerson');
    formPage(res, 'person-form', title, { ...form, action }, await choices(programme, res));
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
        const body = { ...registrationFromForm(form), consent: true, consentSource: form.consentSource };
        const { consentSource, ...input } = parseForm(OrganizerRegistrationBody, body);
        const made = await registerByOrganizer(ctx, organizerOf(res), programme.event.slug, input, consentSource).catch(
          (err: unknown) => {
            if (err instanceof AppError && err.code === 'already_registered')
              throw new AppError('invalid_input', { email: 'email_registered' });
            throw err;
          },
        );
        redirectDone(res, `/admin/registrations/${made.registration.id}`, 'personAdded');
      },
      (errors) => personForm(res, programme, { values: formValues(req), errors, status: 400 }),
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
