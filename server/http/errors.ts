import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { isBusyError } from '../db/capacity.js';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { fieldMessage, type MessageKey } from '../i18n/index.js';
import { tOf } from './i18n.js';

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

/** One place turns every error into a status, a localized message and no stack. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // A busy database outside a capacity transaction (pool exhausted, a lock timeout)
    // is the same "try again" as inside one, not a 500.
    const appError =
      err instanceof AppError ? err : isBusyError(err) ? new AppError('busy') : fromHttpError(err as HttpError);
    const t = tOf(req);
    if (!appError) {
      logger.error({ err, reqId: req.id }, 'unhandled error');
    }
    const code: ErrorCode | 'internal' = appError?.code ?? 'internal';
    const status = appError?.status ?? 500;
    const message = t(`error.${code}` as MessageKey);
    if (appError?.code === 'rate_limited' || appError?.code === 'busy') {
      // Lock contention clears in moments; a rate limit says when its window ends.
      res.setHeader('Retry-After', String(appError.retryAfter ?? (appError.code === 'busy' ? 1 : 60)));
    }
    if (isApi(req)) {
      const fields = appError?.fields
        ? Object.fromEntries(Object.entries(appError.fields).map(([k, v]) => [k, fieldMessage(t, v)]))
        : undefined;
      res.status(status).json({ error: { code, message, ...(fields ? { fields } : {}) } });
      return;
    }
    res.status(status).render('pages/error', { title: t('error.heading'), message, status });
  };
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('not_found', undefined, `no route ${req.method} ${req.path}`));
}
