import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { ServiceContext } from './services/context.js';
import { adminRouter } from './http/admin/index.js';
import { adminApiRouter } from './http/adminApi.js';
import { apiRouter, registrationFromJson } from './http/api.js';
import { inFrontOf } from './http/lanes.js';
import { JSON_BODY_LIMIT, registrationLane } from './http/registrationLane.js';
import { securityHeaderList, setHeaders } from './http/securityHeaders.js';
import { KeptAnswers, keptLane } from './http/keptLane.js';
import { csrfProtection } from './http/csrf.js';
import type { HttpGuards } from './http/guards.js';
import {
  databaseLimitStore,
  limitCheck,
  LINK_LIMITS,
  MemoryLimitStore,
  rateLimit,
  REGISTRATION_LIMITS,
} from './http/rateLimit.js';
import { dialectOf } from './db/knex.js';
import { calendarRouter } from './http/calendar.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { languageMiddleware } from './http/i18n.js';
import { redactUrl } from './http/logging.js';
import { participantRouter } from './http/participant.js';
import { publicRouter } from './http/public.js';
import { streamsRouter } from './http/streams.js';
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
  app.disable('x-powered-by');

  // A silenced logger (LOG_LEVEL=silent, for load tests) costs a child logger per request
  // for nothing: request logging is left out then.
  const httpLogger = logger.isLevelEnabled('fatal')
    ? pinoHttp({
        logger,
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: redactUrl(req.url),
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      })
    : null;
  if (httpLogger) app.use(httpLogger);
  const securityHeaders = securityHeaderList(ctx.baseUrl.startsWith('https:'));
  const limitStore = dialectOf(ctx.db) === 'postgres' ? databaseLimitStore(ctx.db) : new MemoryLimitStore();
  const registrationLimit = limitCheck(limitStore, REGISTRATION_LIMITS, ctx.clock, rateLimits);
  const guards: HttpGuards = {
    csrf: csrfProtection(ctx.secret, ctx.baseUrl.startsWith('https:')),
    registerLimit: rateLimit(registrationLimit),
    linkLimit: rateLimit(limitCheck(limitStore, LINK_LIMITS, ctx.clock, rateLimits)),
  };
  // A registration rush's requests and kept public answers are served before Express
  // sees them (registrationLane.ts, keptLane.ts).
  const keptAnswers = new KeptAnswers(ctx.db);
  const logRequest = httpLogger ? (req: IncomingMessage, res: ServerResponse) => httpLogger(req, res) : null;
  const registration = registrationLane({
    securityHeaders,
    logRequest,
    trustProxy: app.get('trust proxy fn') as (address: string, hop: number) => boolean,
    limit: registrationLimit,
    register: (slug, body) => registrationFromJson(ctx, slug, body),
    logger,
  });
  const kept = keptLane({ kept: keptAnswers, securityHeaders, logRequest, clock: ctx.clock });
  inFrontOf(app, (req, res) => registration(req, res) || kept(req, res));
  app.use(setHeaders(securityHeaders));
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));

  app.get('/healthz', async (_req, res) => {
    await ctx.db.raw('select 1');
    res.json({ status: 'ok' });
  });

  app.use(cookieParser());
  app.use(languageMiddleware);
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 100 }));

  // Public routes first: they carry the traffic of a registration rush, and no path of
  // theirs overlaps the back office's (/admin, /api/v1/admin).
  app.use('/api/v1', apiRouter(ctx, guards, keptAnswers));
  app.use(calendarRouter(ctx, keptAnswers));
  app.use(streamsRouter(ctx));
  app.use(publicRouter(ctx, guards, keptAnswers));
  app.use(participantRouter(ctx, guards));
  app.use(adminApiRouter(ctx));
  app.use(adminRouter(ctx, { mailDropDir }));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
