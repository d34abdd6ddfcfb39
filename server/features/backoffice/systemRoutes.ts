import { Router, type Response } from 'express';
import { failedMessages, outboxCounts } from '../../db/messages.js';
import { listRegions } from '../../db/programme.js';
import type { FieldErrors } from '../../domain/errors.js';
import { listMailDrop } from '../../mail/transport.js';
import { logPage } from '../privacy/index.js';
import { langOf } from '../../http/i18n.js';
import type { ServiceContext } from '../../context.js';
import { readDroppedMessage, retryMessage } from '../privacy/index.js';
import { addOrganizer, disableOrganizer, listOrganizers } from '../organizers/index.js';
import { organizerOf, requireAdmin } from '../organizers/index.js';
import { page, parseForm, positiveInt, redirectDone, withFormErrors } from '../../http/admin/render.js';
import { queryOf } from '../../http/schemas.js';
import { LogQuery, OrganizerForm } from '../../http/admin/schemas.js';

export interface SystemOptions {
  /** The local mail drop folder, when no SMTP server is configured. */
  mailDropDir: string | null;
}

export function systemRouter(ctx: ServiceContext, options: SystemOptions): Router {
  const router = Router();

  for (const [path, table, titleKey] of [
    ['/admin/audit', 'audit_log', 'admin.audit'],
    ['/admin/access', 'access_log', 'log.access'],
  ] as const) {
    // A coordinator reads the audit log of their regions; the access log is the admins'.
    const guard = table === 'access_log' ? [requireAdmin] : [];
    router.get(path, ...guard, async (req, res) => {
      const query = queryOf(LogQuery, req);
      const before = Number(query.before);
      const filter = {
        ...query,
        before: Number.isInteger(before) && before > 0 ? before : undefined,
        signIns: query.signIns === '1',
      };
      const organizer = organizerOf(res);
      const scope =
        organizer.role === 'admin'
          ? undefined
          : { regionIds: organizer.regionIds, actor: organizer.email, organizerId: organizer.id };
      const found = await logPage(ctx.db.knex, table, filter, langOf(req), scope);
      const qs = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => e[0] !== 'before' && Boolean(e[1])),
      ).toString();
      page(res, 'log', res.locals.t(titleKey), { ...found, query, qs, path, table, scoped: scope !== undefined });
    });
  }

  const organizersPage = async (
    res: Response,
    values: Record<string, unknown> = {},
    errors: FieldErrors = {},
    status = 200,
  ) =>
    page(
      res,
      'organizers',
      res.locals.t('admin.organizers'),
      {
        organizers: await listOrganizers(ctx),
        regions: await listRegions(ctx.db.knex),
        values,
        errors,
      },
      status,
    );

  router.get('/admin/organizers', requireAdmin, async (_req, res) => {
    await organizersPage(res);
  });

  router.post('/admin/organizers', requireAdmin, async (req, res) => {
    await withFormErrors(
      async () => {
        const form = parseForm(OrganizerForm, req.body);
        await addOrganizer(ctx, form, organizerOf(res).email);
        redirectDone(res, '/admin/organizers', 'organizerAdded');
      },
      (errors) => void organizersPage(res, { ...(req.body as Record<string, unknown>), password: '' }, errors, 400),
    );
  });

  router.post('/admin/organizers/:id/disable', requireAdmin, async (req, res) => {
    await disableOrganizer(ctx, positiveInt(req.params.id), organizerOf(res));
    redirectDone(res, '/admin/organizers', 'organizerDisabled');
  });

  router.get('/admin/outbox', async (_req, res) => {
    const isAdmin = organizerOf(res).role === 'admin';
    const dropDir = isAdmin ? options.mailDropDir : null;
    page(res, 'outbox', res.locals.t('admin.outbox'), {
      counts: await outboxCounts(ctx.db.knex),
      failed: isAdmin ? await failedMessages(ctx.db.knex, 100) : [],
      drop: dropDir ? listMailDrop(dropDir, 100) : [],
      dropDir,
    });
  });

  router.post('/admin/outbox/:id/retry', requireAdmin, async (req, res) => {
    await retryMessage(ctx, organizerOf(res), positiveInt(req.params.id));
    redirectDone(res, '/admin/outbox', 'messageRetried');
  });

  /** A message from the local mail drop, shown as plain text (it may hold manage links). */
  router.get('/admin/outbox/drop/:name', requireAdmin, async (req, res) => {
    const body = await readDroppedMessage(ctx, organizerOf(res), options.mailDropDir, String(req.params.name));
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/plain; charset=utf-8').send(body);
  });

  return router;
}
