import type { Request, Response } from 'express';
import type { z } from 'zod';
import { AppError, type FieldErrors } from '../../domain/errors.js';
import type { Download } from '../../documents/download.js';
import { fieldErrors, MAX_ID } from '../schemas.js';
import { fieldLabelsOf } from './fieldLabels.js';

/** Renders a back-office page with the organizer and CSRF token at hand. */
export function page(
  res: Response,
  view: string,
  title: string,
  data: Record<string, unknown> = {},
  status = 200,
): void {
  const errors = (data.errors ?? {}) as FieldErrors;
  const fields = Object.keys(errors);
  // The error summary names each field by its label, read from the form itself.
  const fieldLabels =
    fields.length > 0 && data.fieldLabels === undefined
      ? fieldLabelsOf(view, fields, res.locals.t as (key: string) => string)
      : data.fieldLabels;
  res.status(status).render(`admin/${view}`, { title, errors: {}, values: {}, ...data, fieldLabels });
}

/** A form page: where the form posts, the values in its fields, the errors to mark. */
export interface FormState {
  action: string;
  values: Record<string, unknown>;
  errors?: FieldErrors;
  status?: number;
}

export function formPage(
  res: Response,
  view: string,
  title: string,
  form: FormState,
  data: Record<string, unknown> = {},
): void {
  const { action, values, errors = {}, status = 200 } = form;
  page(res, view, title, { ...data, values, errors, action }, status);
}

/** The fields as they were sent, to show again with their errors. */
export const formValues = (req: Request): Record<string, unknown> => (req.body ?? {}) as Record<string, unknown>;

/** Parses a form body; on failure throws invalid_input with the fields. */
export function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new AppError('invalid_input', fieldErrors(parsed.error));
  return parsed.data;
}

/** Runs a form action; invalid input re-renders the form with the errors. */
export async function withFormErrors(
  action: () => Promise<void>,
  rerender: (errors: FieldErrors) => void | Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_input' && err.fields) {
      await rerender(err.fields);
      return;
    }
    throw err;
  }
}

/** Sends a file to download; never kept by a cache (exports carry personal data). */
export function sendDownload(res: Response, file: Download): void {
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.type(file.contentType).send(file.body);
}

/** An id from a path or a form: a positive integer a row can have, else 404 (never a database error). */
export const positiveInt = (v: unknown): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > MAX_ID) throw new AppError('not_found');
  return n;
};

/**
 * Ends an organizer action: back to `url` with the notice `admin.notice.<done>` (and a
 * count, where the notice has one) shown in a notification banner there.
 */
export function redirectDone(res: Response, url: string, done: string, n?: number): void {
  const join = url.includes('?') ? '&' : '?';
  res.redirect(303, `${url}${join}done=${encodeURIComponent(done)}${n === undefined ? '' : `&n=${n}`}`);
}
