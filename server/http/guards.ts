import type { RequestHandler } from 'express';

/** Request guards the routers apply where they belong (built once in app.ts). */
export interface HttpGuards {
  csrf: RequestHandler;
  registerLimit: RequestHandler;
  linkLimit: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

export const NO_GUARDS: HttpGuards = { csrf: pass, registerLimit: pass, linkLimit: pass };
