import { Router, type Request, type Response } from 'express';
import { loadProgramme, municipalitiesInOrder } from '../../db/programme.js';
import { AppError, invalid, type FieldErrors } from '../../domain/errors.js';
import { itemOf } from '../../domain/items.js';
import { confirmsAddress, type Programme } from '../../domain/types.js';
import { clientHash } from '../../security/clients.js';
import type { ServiceContext } from '../../context.js';
import {
  addToGroup,
  cancelFromGroup,
  GROUP_MAX,
  registerGroup,
  swapInGroup,
  viewGroup,
  type GroupPersonInput,
  type GroupPersonResult,
  type GroupView,
} from './groups.js';
import { choosableSessions } from '../registration/index.js';
import { NO_GUARDS, type HttpGuards } from '../../http/guards.js';
import { langOf } from '../../http/i18n.js';
import { GroupBody, GroupPeopleBody, nestedFieldErrors, SwapBody, type FormBody } from '../../http/schemas.js';
import { privatePage } from '../../http/securityHeaders.js';
import { writeJson } from '../../http/send.js';

/**
 * A school coordinator's group (services/groups.ts): the JSON API (`/api/v1/events/:slug/groups`,
 * `/api/v1/groups/:token…`) and the pages (`/events/:slug/group`, `/g/:token`).
 */

const client = (ctx: ServiceContext, req: Request): string =>
  clientHash(ctx.secret, req.ip ?? '', req.get('user-agent') ?? '');

const positiveId = (v: unknown): number => {
  const id = Number(v);
  if (!Number.isInteger(id) || id <= 0 || id > 2_000_000_000) throw new AppError('not_found');
  return id;
};

/** A person of the answer to a group request: what the requester may know of them. */
function personJson(p: GroupPersonResult, tz: string) {
  return {
    name: p.name,
    email: p.email,
    outcome: p.outcome,
    items: p.items.map((i) =>
      'id' in i
        ? itemOf(i, tz)
        : {
            sessionId: i.sessionId,
            status: i.status,
            waitlistPosition: i.waitlistPosition,
            holdExpiresAt: i.holdExpiresAt,
            offerExpiresAt: null,
          },
    ),
  };
}

/** A group as its link shows it (the coordinator's view). */
export function groupJson(ctx: ServiceContext, view: GroupView, token: string) {
  const { group, programme } = view;
  const tz = programme.event.timezone;
  return {
    group: {
      event: programme.event.slug,
      regionId: group.regionId,
      open: view.open,
      manageUrl: `${ctx.baseUrl}/g/${token}`,
      coordinator: {
        name: group.name,
        email: group.email,
        institution: group.institution,
        municipality: group.municipalityId,
      },
      people: view.people.map((p) => ({
        registrationId: p.registration.id,
        name: p.registration.name,
        email: p.registration.email,
        status: p.registration.status,
        awaitingConfirmation: p.registration.addressState === 'pending' && p.registration.status === 'active',
        items: p.seats.map((s) => itemOf(s, tz)),
      })),
      notAdded: group.notAdded,
    },
  };
}

/** The people rows of the group form: the filled ones, numbered as the form numbers them. */
function peopleFromForm(form: FormBody, rows: number): { people: GroupPersonInput[]; index: number[] } {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const people: GroupPersonInput[] = [];
  const index: number[] = [];
  for (let i = 0; i < rows; i++) {
    const name = first(form[`p${i}name`]).trim();
    const email = first(form[`p${i}email`]).trim();
    const session = first(form[`p${i}session`]);
    if (!name && !email) continue;
    people.push({
      name,
      email,
      sessionIds: /^\d{1,9}$/.test(session) ? [Number(session)] : [],
    });
    index.push(i);
  }
  return { people, index };
}

/** Field errors of filled rows renamed to the form's own fields (`people.2.email` -> `p5email`). */
function formErrors(fields: FieldErrors, index: number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, code] of Object.entries(fields)) {
    const m = /^people\.(\d+)\.(name|email|sessionIds)$/.exec(field);
    if (m) out[`p${index[Number(m[1])] ?? 0}${m[2] === 'sessionIds' ? 'session' : m[2]}`] = code;
    else if (field === 'people') out.p0name = code;
    else out[field.replace(/^coordinator\./, 'c')] = code;
  }
  return out;
}

const ROWS_FIRST = 5;
const ROWS_MORE = 5;

export function groupsRouter(ctx: ServiceContext, guards: HttpGuards = NO_GUARDS): { api: Router; pages: Router } {
  const api = Router();
  const pages = Router();

  api.post('/events/:slug/groups', guards.registerLimit, async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = GroupBody.safeParse(req.body);
    if (!parsed.success) throw invalid(nestedFieldErrors(parsed.error));
    const slug = String(req.params.slug);
    const made = await registerGroup(ctx, slug, parsed.data, { client: client(ctx, req) });
    const programme = await loadProgramme(ctx.db, { slug });
    const tz = programme?.event.timezone ?? 'Europe/Riga';
    writeJson(res, 201, {
      group: {
        // Where addresses are confirmed, the group's link goes to the coordinator's address only.
        manageUrl: made.awaiting ? null : `${ctx.baseUrl}/g/${made.token}`,
        registrations: made.people.map((p) => personJson(p, tz)),
      },
    });
  });

  api.get('/groups/:token', async (req, res) => {
    const view = await viewGroup(ctx, String(req.params.token));
    res.setHeader('Cache-Control', 'no-store');
    res.json(groupJson(ctx, view, String(req.params.token)));
  });

  api.post('/groups/:token/people', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = GroupPeopleBody.safeParse(req.body);
    if (!parsed.success) throw invalid(nestedFieldErrors(parsed.error));
    const token = String(req.params.token);
    await addToGroup(ctx, token, parsed.data.people, { client: client(ctx, req) });
    res.setHeader('Cache-Control', 'no-store');
    writeJson(res, 201, groupJson(ctx, await viewGroup(ctx, token), token));
  });

  api.patch('/groups/:token/people/:registrationId', async (req, res) => {
    if (!req.is('application/json')) throw invalid({ _: 'invalid' });
    const parsed = SwapBody.safeParse(req.body);
    if (!parsed.success) throw invalid(nestedFieldErrors(parsed.error));
    const token = String(req.params.token);
    await swapInGroup(ctx, token, positiveId(req.params.registrationId), parsed.data);
    res.setHeader('Cache-Control', 'no-store');
    res.json(groupJson(ctx, await viewGroup(ctx, token), token));
  });

  api.delete('/groups/:token/people/:registrationId', async (req, res) => {
    const token = String(req.params.token);
    await cancelFromGroup(ctx, token, positiveId(req.params.registrationId));
    res.setHeader('Cache-Control', 'no-store');
    res.json(groupJson(ctx, await viewGroup(ctx, token), token));
  });

  // Pages ------------------------------------------------------------------------------------

  pages.use('/events/:slug/group', guards.csrf);
  pages.use('/g/:token', privatePage);
  pages.use('/g/:token', guards.csrf);

  const published = async (slug: string): Promise<Programme> => {
    const programme = await loadProgramme(ctx.db, { slug });
    if (!programme || programme.event.status !== 'published') throw new AppError('not_found');
    return programme;
  };

  const renderForm = async (
    req: Request,
    res: Response,
    programme: Programme,
    values: FormBody,
    errors: FieldErrors,
    rows: number,
  ) => {
    const lang = langOf(req);
    const municipalities = (await municipalitiesInOrder(ctx.db, lang)).map((m) => ({ id: m.id, name: m.name[lang] }));
    const sessions = programme.regions.map((r) => ({
      region: r,
      sessions: choosableSessions(programme, r.id).filter((s) => s.startsAt > ctx.clock().toISOString()),
    }));
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/group-form', {
      title: res.locals.t('group.heading', { event: programme.event.title[lang] }),
      event: programme.event,
      regions: programme.regions,
      sessions,
      municipalities,
      rows,
      values,
      errors,
    });
  };

  pages.get('/events/:slug/group', async (req, res) => {
    const programme = await published(String(req.params.slug));
    await renderForm(req, res, programme, { language: langOf(req) }, {}, ROWS_FIRST);
  });

  pages.post('/events/:slug/group', guards.registerLimit, async (req, res) => {
    const programme = await published(String(req.params.slug));
    const form = (req.body ?? {}) as FormBody;
    const sent = Number(Array.isArray(form.rows) ? form.rows[0] : form.rows);
    const rows = Math.min(GROUP_MAX, Math.max(ROWS_FIRST, Number.isInteger(sent) ? sent : ROWS_FIRST));
    // "Add 5 more rows" shows the form again with every value kept.
    if (form.more !== undefined) {
      await renderForm(req, res, programme, form, {}, Math.min(GROUP_MAX, rows + ROWS_MORE));
      return;
    }
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
    const { people, index } = peopleFromForm(form, rows);
    const body = {
      coordinator: {
        name: one(form.cname),
        email: one(form.cemail),
        institution: one(form.cinstitution),
        municipality: one(form.cmunicipality),
      },
      regionId: one(form.regionId),
      language: one(form.language),
      consent: one(form.consent) === 'yes' ? true : undefined,
      people,
    };
    const parsed = GroupBody.safeParse(body);
    try {
      if (!parsed.success) throw invalid(nestedFieldErrors(parsed.error));
      const made = await registerGroup(ctx, programme.event.slug, parsed.data, { client: client(ctx, req) });
      if (made.awaiting) {
        const sealed = ctx.tokens.seal(
          JSON.stringify({ at: ctx.clock().toISOString(), email: body.coordinator.email }),
        );
        res.redirect(303, `/events/${programme.event.slug}/group/sent?r=${sealed}`);
      } else res.redirect(303, `/g/${made.token}?done=created`);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid_input' && err.fields)) throw err;
      await renderForm(req, res, programme, form, formErrors(err.fields, index), rows);
    }
  });

  pages.get('/events/:slug/group/sent', async (req, res) => {
    const programme = await published(String(req.params.slug));
    const sealed = typeof req.query.r === 'string' && req.query.r.length < 2000 ? req.query.r : '';
    const opened = sealed ? ctx.tokens.unseal(sealed) : null;
    let email: string | null = null;
    try {
      email = opened ? String((JSON.parse(opened) as { email?: unknown }).email ?? '') || null : null;
    } catch {
      email = null;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/group-sent', {
      title: res.locals.t('group.sent.heading'),
      email,
      event: { slug: programme.event.slug, title: programme.event.title[langOf(req)] },
    });
  });

  const renderGroup = async (
    req: Request,
    res: Response,
    done?: string,
    errors: FieldErrors = {},
    values: FormBody = {},
  ) => {
    const token = String(req.params.token);
    const view = await viewGroup(ctx, token);
    const lang = langOf(req);
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/group', {
      title: res.locals.t('group.page.heading', { event: view.programme.event.title[lang] }),
      g: view,
      token,
      done,
      errors,
      values,
      awaiting: confirmsAddress(view.programme.event, ctx.addressConfirmation),
      sessions: choosableSessions(view.programme, view.group.regionId),
    });
  };

  pages.get('/g/:token', async (req, res) => {
    const done =
      typeof req.query.done === 'string' && /^[a-z]{1,12}$/.test(req.query.done) ? req.query.done : undefined;
    await renderGroup(req, res, done);
  });

  pages.post('/g/:token/people/:registrationId', async (req, res) => {
    const form = (req.body ?? {}) as FormBody;
    const parsed = SwapBody.safeParse({ name: form.name, email: form.email });
    const id = positiveId(req.params.registrationId);
    try {
      if (!parsed.success) throw invalid(nestedFieldErrors(parsed.error));
      await swapInGroup(ctx, String(req.params.token), id, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid_input' && err.fields)) throw err;
      const errors = Object.fromEntries(Object.entries(err.fields).map(([f, c]) => [`s${id}${f}`, c]));
      await renderGroup(req, res, undefined, errors, { [`s${id}name`]: form.name, [`s${id}email`]: form.email });
      return;
    }
    res.redirect(303, `/g/${req.params.token}?done=swapped`);
  });

  pages.post('/g/:token/people', async (req, res) => {
    const form = (req.body ?? {}) as FormBody;
    const { people, index } = peopleFromForm(form, ROWS_FIRST);
    const parsed = GroupPeopleBody.safeParse({ people });
    try {
      if (!parsed.success) throw invalid(nestedFieldErrors(parsed.error));
      await addToGroup(ctx, String(req.params.token), parsed.data.people, { client: client(ctx, req) });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'invalid_input' && err.fields)) throw err;
      await renderGroup(req, res, undefined, formErrors(err.fields, index), form);
      return;
    }
    res.redirect(303, `/g/${req.params.token}?done=added`);
  });

  const cancelStep = async (req: Request, res: Response) => {
    const token = String(req.params.token);
    const view = await viewGroup(ctx, token);
    const id = positiveId(req.params.registrationId);
    const person = view.people.find((p) => p.registration.id === id && p.registration.status === 'active');
    if (!person || !view.open) throw new AppError('not_found');
    res.render('pages/confirm', {
      title: res.locals.t('group.cancel.heading', { name: person.registration.name }),
      c: {
        lines: [{ key: 'group.cancel.what' }],
        sessions: person.seats
          .filter((s) => s.status !== 'cancelled')
          .map((s) => view.programme.sessions.find((x) => x.id === s.sessionId)?.title[langOf(req)] ?? ''),
        action: `/g/${token}/people/${id}/cancel`,
        submit: 'group.cancel.submit',
        downloadUrl: null,
        backUrl: `/g/${token}`,
        backLabel: 'group.cancel.back',
      },
    });
  };
  pages.get('/g/:token/people/:registrationId/cancel', cancelStep);
  pages.post('/g/:token/people/:registrationId/cancel', async (req, res) => {
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'yes') return cancelStep(req, res);
    await cancelFromGroup(ctx, String(req.params.token), positiveId(req.params.registrationId));
    res.redirect(303, `/g/${req.params.token}?done=cancelled`);
  });

  return { api, pages };
}
