import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServiceContext } from './context.js';
import { adminRouter } from './features/backoffice/index.js';
import { adminApiRouter } from './features/backoffice/index.js';
import { apiRouter } from './features/registration/index.js';
import { securityHeaderList, setHeaders } from './http/securityHeaders.js';
import { csrfProtection } from './http/csrf.js';
import type { HttpGuards } from './http/guards.js';
import { JSON_BODY_LIMIT } from './http/schemas.js';
import {
  databaseLimitStore,
  limitCheck,
  LINK_LIMITS,
  MemoryLimitStore,
  rateLimit,
  REGISTRATION_LIMITS,
  VERIFY_LIMITS,
} from './http/rateLimit.js';
import { calendarRouter } from './features/registration/index.js';
import { isBusyError } from './db/capacity.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { languageMiddleware, requestLanguage } from './http/i18n.js';
import { requestLog } from './http/logging.js';
import { unsubscribeRouter } from './features/registrants/index.js';
import { joinRouter } from './features/attendance/index.js';
import { recordRouter, verifyRouter } from './features/certificates/index.js';
import { participantRouter } from './features/registration/index.js';
import { groupsRouter } from './features/groups/index.js';
import { publicRouter } from './features/registration/index.js';
import { streamsRouter } from './features/registration/index.js';
import { APP_ROOT as ROOT } from './paths.js';

export interface AppDeps {
  ctx: ServiceContext;
  logger: Logger;
  trustProxy?: boolean | number | string;
  /** Where the local mail drop keeps messages (shown in the back office), if used. */
  mailDropDir?: string | null;
  /** RATE_LIMIT=off turns request rate limits off (load tests only). */
  rateLimits?: boolean;
}

export function createApp({
  ctx,
  logger,
  trustProxy = false,
  mailDropDir = null,
  rateLimits = true,
}: AppDeps): Express {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.set('view engine', 'ejs');
  // Templates do not change while the app runs (`npm run dev` restarts on edits), so they
  // are compiled once; Express would otherwise do that only under NODE_ENV=production.
  app.set('view cache', true);
  app.set('views', path.join(ROOT, 'views'));
  // The organizers' contact, in the footer of every public page.
  app.locals.contactEmail = ctx.replyTo ?? null;
  app.disable('x-powered-by');

  // One pipeline for every request: the log, the security headers and static files first;
  // then each part of the app under its own path, carrying only the middleware it needs.
  // Every request at info; at warn or error only the answers that failed (5xx).
  if (logger.isLevelEnabled('error')) app.use(requestLog(logger));
  app.use(setHeaders(securityHeaderList(ctx.baseUrl.startsWith('https:'))));
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));

  // While the database cannot be reached: 503 with Retry-After, for load balancers.
  app.get('/healthz', async (_req, res) => {
    const up = await ctx.db.knex.raw('select 1').then(
      () => true,
      (err: unknown) => {
        if (isBusyError(err)) return false;
        throw err;
      },
    );
    if (!up) res.status(503).setHeader('Retry-After', '1');
    res.json({ status: up ? 'ok' : 'unavailable' });
  });

  const limitStore = ctx.db.dialect === 'postgres' ? databaseLimitStore(ctx.db.knex) : new MemoryLimitStore();
  const guards: HttpGuards = {
    csrf: csrfProtection(ctx.secret, ctx.baseUrl.startsWith('https:')),
    registerLimit: rateLimit(limitCheck(limitStore, REGISTRATION_LIMITS, ctx.clock, rateLimits)),
    linkLimit: rateLimit(limitCheck(limitStore, LINK_LIMITS, ctx.clock, rateLimits)),
  };

  // The JSON API (public and organizer): JSON bodies only, its language from the request
  // alone (?lang=, Accept-Language), never from a cookie.
  app.use('/api', requestLanguage, express.json({ limit: JSON_BODY_LIMIT }));
  app.use('/api/v1', apiRouter(ctx, guards));
  const groups = groupsRouter(ctx, guards);
  app.use('/api/v1', groups.api);

  // Calendar feeds: like the API, their answers depend on the request alone (calendar apps
  // send no cookies), so they come before the pages' cookies, language and forms.
  app.use(calendarRouter(ctx));

  // Pages: cookies (language, CSRF, the back office's session) and forms.
  app.use(cookieParser());
  app.use(languageMiddleware);
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 100 }));
  // Public pages first: they carry the traffic of a registration rush.
  app.use(publicRouter(ctx, guards, { mailDropDir }));
  app.use(streamsRouter(ctx));
  app.use(groups.pages);
  app.use(participantRouter(ctx, guards));
  app.use(unsubscribeRouter(ctx));
  app.use(joinRouter(ctx));
  app.use(verifyRouter(ctx, rateLimit(limitCheck(limitStore, VERIFY_LIMITS, ctx.clock, rateLimits))));
  app.use(recordRouter(ctx, guards));
  app.use(adminApiRouter(ctx));
  app.use(adminRouter(ctx, { mailDropDir }));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
