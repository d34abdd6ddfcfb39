import type { NextFunction, Request, Response } from 'express';
import { isMessageKey } from '../../i18n/index.js';
import { queryOf } from '../schemas.js';
import { NoticeQuery } from './schemas.js';

/**
 * The success notice of the action an organizer just took (see redirectDone), for the
 * notification banner at the top of the page; an unknown notice shows nothing.
 */
export function noticeOf(req: Request, res: Response, next: NextFunction): void {
  const { done, n } = queryOf(NoticeQuery, req);
  const key = `admin.notice.${done ?? ''}`;
  if (done && /^[a-zA-Z]+$/.test(done) && isMessageKey(key)) {
    const count = n !== undefined && /^\d{1,9}$/.test(n) ? Number(n) : 0;
    res.locals.notice = (res.locals.t as (k: string, v?: Record<string, number>) => string)(key, { n: count });
  }
  next();
}
