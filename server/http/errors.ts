import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { isBusyError } from '../db/capacity.js';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { fieldMessage, type MessageKey, type Translate } from '../i18n/index.js';
import { langOf, tOf, useLanguage } from './i18n.js';
import { redactUrl } from './logging.js';
import { writeJson } from './send.js';
import { formatMoment, type Lang } from '../domain/time.js';

interface HttpError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Body-parser and other HTTP-level failures, mapped to our codes. */
function fromHttpError(err: HttpError): AppError | null {
  if (err.type === 'entity.too.large') return new AppError('payload_too_large');
  if (err.type === 'entity.parse.failed' || err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new AppError('invalid_input');
  }
  if (err.type === 'parameters.too.many' || err.status === 400) return new AppError('invalid_input');
  return null;
}

export function isApi(req: Request): boolean {
  return req.path.startsWith('/api/');
}

/** A back-office page: its errors answer in the back office, never on the public error page. */
export function isBackOffice(req: Request): boolean {
  return req.path === '/admin' || req.path.startsWith('/admin/');
}

/**
 * Where an organizer goes on from a refused back-office page: a route may name it
 * (`res.locals.backTo`); else the event the path is about, where the event is not what
 * was not found.
 */
function backOfficeWayBack(req: Request, res: Response, status: number): string | null {
  const named = res.locals.backTo as unknown;
  if (typeof named === 'string' && named.startsWith('/admin')) return named;
  const m = /^\/admin\/events\/([a-z0-9]+(?:-[a-z0-9]+)*)\/[^/]/.exec(req.path);
  return m && status !== 404 ? `/admin/events/${m[1]}` : null;
}

/** What an error is to a client: one of our codes, or null for a fault of ours (500). */
function appErrorOf(err: unknown): AppError | null {
  // A busy database outside a capacity transaction (pool exhausted, a lock timeout)
  // is the same "try again" as inside one, not a 500.
  return err instanceof AppError ? err : isBusyError(err) ? new AppError('busy') : fromHttpError(err as HttpError);
}

export interface ErrorAnswer {
  status: number;
  message: string;
  /** Seconds, for Retry-After. */
  retryAfter: number | null;
  /** The JSON API's error body. */
  json: { error: { code: string; message: string; reason?: string; fields?: Record<string, string> } };
}

/** The message of an error: a refusal's own (its moments written out in `lang`), else its code's. */
function messageOf(appError: AppError | null, t: Translate, lang: Lang): string {
  if (appError?.reason) {
    const moments = Object.fromEntries(
      Object.entries(appError.moments ?? {}).map(([k, iso]) => [k, formatMoment(iso, lang)]),
    );
    return t(`error.reason.${appError.reason}`, moments);
  }
  return t(`error.${appError?.code ?? 'internal'}` as MessageKey);
}

/** The localized message of an error a page shows itself (a back-office form shown again with it). */
export const errorMessage = (err: AppError, req: Request): string => messageOf(err, tOf(req), langOf(req));

/** The status, localized message and API body of an error (null: a fault of ours). */
function errorAnswer(appError: AppError | null, t: Translate, lang: Lang): ErrorAnswer {
  const code: ErrorCode | 'internal' = appError?.code ?? 'internal';
  const message = messageOf(appError, t, lang);
  // Lock contention clears in moments; a rate limit says when its window ends.
  const retryAfter =
    appError?.code === 'rate_limited' || appError?.code === 'busy'
      ? (appError.retryAfter ?? (appError.code === 'busy' ? 1 : 60))
      : null;
  const fields = appError?.fields
    ? Object.fromEntries(Object.entries(appError.fields).map(([k, v]) => [k, fieldMessage(t, v)]))
    : undefined;
  return {
    status: appError?.status ?? 500,
    message,
    retryAfter,
    json: {
      error: { code, message, ...(appError?.reason ? { reason: appError.reason } : {}), ...(fields ? { fields } : {}) },
    },
  };
}

/**
 * How to answer an error: a fault of ours is logged (`logFault`), and Retry-After is set
 * where it applies.
 */
export function answerError(
  res: ServerResponse,
  err: unknown,
  t: Translate,
  logFault: (err: unknown) => void,
  lang: Lang = 'lv',
): ErrorAnswer {
  const appError = appErrorOf(err);
  if (!appError) logFault(err);
  const answer = errorAnswer(appError, t, lang);
  if (answer.retryAfter !== null) res.setHeader('Retry-After', String(answer.retryAfter));
  return answer;
}

/** One place turns every error into a status, a localized message and no stack. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const t = tOf(req);
    const answer = answerError(
      res,
      err,
      t,
      (fault) => logger.error({ err: fault, method: req.method, url: redactUrl(req.originalUrl) }, 'unhandled error'),
      langOf(req),
    );
    if (isApi(req)) {
      writeJson(res, answer.status, answer.json);
      return;
    }
    // An error met before the pages' language middleware (a calendar feed's, say) renders
    // with the request's language all the same.
    if (res.locals.t === undefined) useLanguage(req, res, langOf(req));
    if (isBackOffice(req)) {
      res.status(answer.status).render('admin/error', {
        title: `${t('error.heading')} ${answer.status}`,
        message: answer.message,
        status: answer.status,
        eventUrl: backOfficeWayBack(req, res, answer.status),
        errors: {},
        values: {},
      });
      return;
    }
    res
      .status(answer.status)
      .render('pages/error', { title: t('error.heading'), message: answer.message, status: answer.status });
  };
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('not_found', undefined, `no route ${req.method} ${req.path}`));
}
