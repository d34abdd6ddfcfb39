import type { ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A JSON answer as `res.status(n).json()` gives one, for answers no one revalidates (a
 * POST's 201, an error): no ETag hashed, and a short string body goes out in one write
 * with the header, where Express's Buffer body took a second.
 */
export function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
