/** Codes that the edges turn into status codes and localized messages. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'already_registered'
  | 'registration_closed'
  | 'session_full'
  | 'not_allowed'
  /** An offered place whose answer came after its deadline (it went to the next person). */
  | 'offer_lapsed'
  | 'busy'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden';

export const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  already_registered: 409,
  registration_closed: 409,
  session_full: 409,
  not_allowed: 409,
  offer_lapsed: 409,
  busy: 503,
  payload_too_large: 413,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
};

/**
 * Why an action was refused where the code alone (`not_allowed`) does not tell the person
 * what they need: the API's `error.reason`, and a message of its own (`error.reason.<reason>`).
 */
export const REFUSAL_REASONS = ['attendance_too_early', 'nothing_ended', 'no_email', 'phone_registered'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Field name -> message key (translated at the edge). */
export type FieldErrors = Record<string, string>;

/** An expected failure of a use case: it carries a code, never a stack the user sees. */
export class AppError extends Error {
  /** For rate_limited and busy: when to try again, in seconds. */
  retryAfter?: number;
  /** For a refusal with a reason of its own (`refused`): the reason. */
  reason?: RefusalReason;
  /** The moments (ISO) its message names, written out at the edge in the reader's language. */
  moments?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldErrors,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }

  get status(): number {
    return statusOf[this.code];
  }
}

/** A 409 that says why: `reason`, with the moments (ISO) its message names. */
export function refused(reason: RefusalReason, moments: Record<string, string> = {}): AppError {
  const err = new AppError('not_allowed', undefined, reason);
  err.reason = reason;
  err.moments = moments;
  return err;
}

export const invalid = (fields: FieldErrors): AppError => new AppError('invalid_input', fields);
export const notFound = (what = 'not_found'): AppError => new AppError('not_found', undefined, what);
