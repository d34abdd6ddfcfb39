import { createHmac } from 'node:crypto';

/**
 * Which client sent a request, as a keyed hash of its address and user agent: enough for
 * organizers to see that one client sent a burst of registrations (and cancel it in one
 * step), nothing that names a person or an address to whoever reads the database without
 * the app secret. Kept with the registration, as long as the registration.
 */
export function clientHash(secret: string, ip: string, userAgent: string): string {
  return createHmac('sha256', `client:${secret}`).update(`${ip}\n${userAgent}`).digest('hex').slice(0, 32);
}
