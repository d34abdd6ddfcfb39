import { Router, type Response } from 'express';
import { z } from 'zod';
import type { FieldErrors } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { ACCESSIBILITY_PAGE, PRIVACY_PAGE, updateSettingsPage, type SettingsPage } from './notice.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import { formValues, page, parseForm, withFormErrors } from '../../http/admin/render.js';
import { AccessibilityForm, PrivacyForm } from '../../http/admin/schemas.js';
import { param, queryOf } from '../../http/schemas.js';
import type { MessageKey } from '../../i18n/index.js';
import { COMPLIANCE } from '../../domain/accessibilityStatement.js';

const SavedQuery = z.object({ saved: param(1) });

/** A settings page's form in the back office: where it lives, its view, its labels' keys. */
interface SettingsForm<T extends object> {
  path: string;
  view: string;
  title: MessageKey;
  /** The key of a field's label: `${labels}.${field}`. */
  labels: string;
  page: SettingsPage<T>;
  schema: z.ZodType<T>;
  /** What else the view needs (a choice's options). */
  extra?: Record<string, unknown>;
}

/** Admins edit a settings page: the form, and its saving with the errors marked. */
function settingsForm<T extends object>(ctx: ServiceContext, router: Router, f: SettingsForm<T>): void {
  const labels = (res: Response) =>
    Object.fromEntries(f.page.fields.map((k) => [k, res.locals.t(`${f.labels}.${String(k)}` as MessageKey)]));
  const form = (res: Response, values: Partial<T>, errors: FieldErrors = {}, status = 200, saved = false) =>
    page(
      res,
      f.view,
      res.locals.t(f.title),
      { values, errors, fields: f.page.fields, saved, fieldLabels: labels(res), ...f.extra },
      status,
    );

  router.get(f.path, requireAdmin, async (req, res) => {
    const { saved } = queryOf(SavedQuery, req);
    form(res, (await f.page.read(ctx.db.knex)) ?? {}, {}, 200, saved === '1');
  });

  router.post(f.path, requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        await updateSettingsPage(ctx, organizerOf(res), f.page, parseForm(f.schema, req.body));
        res.redirect(303, `${f.path}?saved=1`);
      },
      (errors) => form(res, formValues(req) as Partial<T>, errors, 400),
    );
  });
}

/** The privacy notice's settings and the accessibility statement, which admins edit and the public pages show. */
export function privacyRouter(ctx: ServiceContext): Router {
  const router = Router();
  settingsForm(ctx, router, {
    path: '/admin/privacy',
    view: 'privacy',
    title: 'admin.privacy',
    labels: 'privacyField',
    page: PRIVACY_PAGE,
    schema: PrivacyForm,
  });
  settingsForm(ctx, router, {
    path: '/admin/accessibility',
    view: 'accessibility',
    title: 'a11y.admin.title',
    labels: 'a11y.field',
    page: ACCESSIBILITY_PAGE,
    schema: AccessibilityForm,
    extra: { statuses: COMPLIANCE },
  });
  return router;
}
