import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import { listRegions } from '../../db/programme.js';
import { AppError, type FieldErrors } from '../../domain/errors.js';
import type { ServiceContext } from '../../services/context.js';
import { audit } from '../../services/audit.js';
import { addOrganizer, disableOrganizer, listOrganizers } from '../../services/organizerAccounts.js';
import { organizerOf, requireAdmin } from './auth.js';
import { page, parseForm, positiveInt, withFormErrors } from './render.js';
import { OrganizerForm } from './schemas.js';

export interface SystemOptions {
  /** The local mail drop folder, when no SMTP server is configured. */
  mailDropDir: string | null;
}

const AUDIT_PAGE = 100;

export function systemRouter(ctx: ServiceContext, options: SystemOptions): Router {
  const router = Router();

  router.get('/admin/audit', requireAdmin, async (req, res) => {
    const before = Number(req.query.before);
    const q = ctx.db.knex('audit_log').orderBy('id', 'desc').limit(AUDIT_PAGE);
    if (Number.isInteger(before) && before > 0) void q.where('id', '<', before);
    const entries = (await q) as Record<string, string | number | null>[];
    page(res, 'audit', res.locals.t('admin.audit'), { entries, more: entries.length === AUDIT_PAGE });
  });

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
        res.redirect(303, '/admin/organizers');
      },
      (errors) => void organizersPage(res, { ...(req.body as Record<string, unknown>), password: '' }, errors, 400),
    );
  });

  router.post('/admin/organizers/:id/disable', requireAdmin, async (req, res) => {
    await disableOrganizer(ctx, positiveInt(req.params.id), organizerOf(res));
    res.redirect(303, '/admin/organizers');
  });

  router.get('/admin/outbox', async (_req, res) => {
    const counts = (await ctx.db.knex('outbox').groupBy('status').select('status').count({ n: '*' })) as {
      status: string;
      n: number;
    }[];
    const failed = (await ctx.db.knex('outbox').where('status', 'failed').orderBy('id', 'desc').limit(100)) as Record<
      string,
      string | number
    >[];
    const isAdmin = organizerOf(res).role === 'admin';
    let drop: { name: string; size: number }[] = [];
    if (options.mailDropDir && isAdmin) {
      try {
        drop = readdirSync(options.mailDropDir)
          .filter((f) => f.endsWith('.eml'))
          .sort()
          .reverse()
          .slice(0, 100)
          .map((name) => ({ name, size: statSync(path.join(options.mailDropDir ?? '', name)).size }));
      } catch {
        drop = [];
      }
    }
    page(res, 'outbox', res.locals.t('admin.outbox'), {
      counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      failed: isAdmin ? failed : [],
      drop,
      dropDir: isAdmin ? options.mailDropDir : null,
    });
  });

  router.post('/admin/outbox/:id/retry', requireAdmin, async (req, res) => {
    const id = positiveInt(req.params.id);
    const now = ctx.clock();
    const changed = await ctx.db
      .knex('outbox')
      .where({ id, status: 'failed' })
      .update({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), locked_until: null });
    if (changed === 0) throw new AppError('not_found');
    await audit(
      ctx.db.knex,
      { actor: organizerOf(res).email, action: 'outbox.retry', targetType: 'outbox', targetId: id },
      now,
    );
    res.redirect(303, '/admin/outbox');
  });

  /** A message from the local mail drop, shown as plain text (it may hold manage links). */
  router.get('/admin/outbox/drop/:name', requireAdmin, async (req, res) => {
    const name = String(req.params.name);
    if (!options.mailDropDir || !/^[\w.@-]+\.eml$/.test(name)) throw new AppError('not_found');
    let body: Buffer;
    try {
      body = readFileSync(path.join(options.mailDropDir, name));
    } catch {
      throw new AppError('not_found');
    }
    await audit(
      ctx.db.knex,
      { actor: organizerOf(res).email, action: 'maildrop.view', targetType: 'mail', targetId: name },
      ctx.clock(),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/plain; charset=utf-8').send(body);
  });

  return router;
}
