import { Router, type Response } from 'express';
import { z } from 'zod';
import { PRIVACY_FIELDS, type PrivacySettings } from '../../domain/privacyNotice.js';
import type { FieldErrors } from '../../domain/errors.js';
import type { ServiceContext } from '../../context.js';
import { privacySettings, updatePrivacySettings } from './notice.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import { formValues, page, parseForm, withFormErrors } from '../../http/admin/render.js';
import { PrivacyForm } from '../../http/admin/schemas.js';
import { param, queryOf } from '../../http/schemas.js';
import type { MessageKey } from '../../i18n/index.js';

const SavedQuery = z.object({ saved: param(1) });

/** The privacy notice's settings, which admins edit and the public notice shows. */
export function privacyRouter(ctx: ServiceContext): Router {
  const router = Router();

  const form = (
    res: Response,
    values: Partial<PrivacySettings>,
    errors: FieldErrors = {},
    status = 200,
    saved = false,
  ) =>
    page(
      res,
      'privacy',
      res.locals.t('admin.privacy'),
      { values, errors, fields: PRIVACY_FIELDS, saved, fieldLabels: labels(res) },
      status,
    );
  const labels = (res: Response) =>
    Object.fromEntries(PRIVACY_FIELDS.map((f) => [f, res.locals.t(`privacyField.${f}` as MessageKey)]));

  router.get('/admin/privacy', requireAdmin, async (req, res) => {
    const { saved } = queryOf(SavedQuery, req);
    form(res, (await privacySettings(ctx)) ?? {}, {}, 200, saved === '1');
  });

  router.post('/admin/privacy', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        await updatePrivacySettings(ctx, organizerOf(res), parseForm(PrivacyForm, req.body));
        res.redirect(303, '/admin/privacy?saved=1');
      },
      (errors) => form(res, formValues(req) as Partial<PrivacySettings>, errors, 400),
    );
  });

  return router;
}
