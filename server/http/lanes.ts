import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, Response } from 'express';

/**
 * A lane answers some requests before Express sees them (registrationLane.ts,
 * keptLane.ts): it answers a request and returns true, or returns false and leaves it
 * alone.
 */
export type Lane = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Puts a lane in front of an Express app: whatever calls the app (app.listen's server,
 * supertest) goes through app.handle, which now offers each request to the lane first.
 */
export function inFrontOf(app: Express, lane: Lane): void {
  // app.handle is Express's own entry (express.js: `app(req, res) => app.handle(...)`),
  // stable since Express 3 though left out of its type declarations.
  const entry = app as Express & { handle: (req: Request, res: Response, next?: NextFunction) => void };
  const general = entry.handle.bind(app);
  entry.handle = (req, res, next) => {
    let taken: boolean;
    try {
      taken = lane(req, res);
    } catch (err) {
      // A lane that fails before answering (say, the database cannot be read) leaves the
      // request to Express, whose error handler answers it; never an uncaught exception.
      if (res.headersSent) res.destroy(err as Error);
      taken = res.headersSent;
    }
    if (!taken) general(req, res, next);
  };
}
