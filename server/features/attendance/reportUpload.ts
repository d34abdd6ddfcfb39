import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { invalid } from '../../domain/errors.js';

/** The largest meeting report taken: a Teams report of a thousand people is well under it. */
export const REPORT_LIMIT = '4mb';

/** The API's body: the file as the meeting service exported it, bytes unchanged (UTF-16 stays UTF-16). */
export const reportBody: RequestHandler = express.raw({
  type: ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/octet-stream', 'application/vnd.ms-excel'],
  limit: REPORT_LIMIT,
});

/** The bytes of the API request's file, or a 400 that says how to send it. */
export function reportBytes(req: Request): Uint8Array {
  if (!Buffer.isBuffer(req.body)) throw invalid({ file: 'report_body' });
  return new Uint8Array(req.body);
}

/**
 * The back office's upload form (multipart/form-data) read into `req.body` before the CSRF
 * check reads its token: text fields as strings, the file as its bytes. Parsed by the
 * platform's own form-data reader (the web `Request`), so no bytes are decoded on the way.
 */
export const reportUploadForm: RequestHandler[] = [
  express.raw({ type: 'multipart/form-data', limit: REPORT_LIMIT }),
  (req: Request, _res: Response, next: NextFunction) => {
    if (!Buffer.isBuffer(req.body)) {
      next();
      return;
    }
    const raw = req.body;
    new globalThis.Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': req.get('content-type') ?? '' },
      body: new Blob([new Uint8Array(raw)]),
    })
      .formData()
      .then(async (form) => {
        const fields: Record<string, string | Uint8Array> = {};
        for (const [name, value] of form.entries()) {
          fields[name] = typeof value === 'string' ? value : new Uint8Array(await value.arrayBuffer());
        }
        req.body = fields;
        next();
      })
      .catch(() => {
        req.body = {};
        next();
      });
  },
];
