import type { Question } from './questions.js';
import type { Lang } from './time.js';

import type { Text } from './lang.js';

export type { Text };

export const EVENT_KINDS = ['conference', 'seminar_series', 'course', 'single'] as const;
/**
 * conference: regional days, a plenary and workshops to choose from; seminar_series:
 * independent seminars a person chooses from; course: sessions taken together, one
 * registration holds a place in every one of them; single: one session (a supervision,
 * a workshop at a school or municipality).
 */
export type EventKind = (typeof EVENT_KINDS)[number];
export type EventStatus = 'draft' | 'published' | 'cancelled';
/** Who a session is for (`Session.audience`); a session without one is open to everyone. */
export const AUDIENCES = ['municipality_staff', 'school_staff'] as const;
export type Audience = (typeof AUDIENCES)[number];
export type SessionKind = 'plenary' | 'workshop' | 'seminar';
/**
 * confirmed: the place is the person's. held: the place is kept for a registration whose
 * address has not confirmed it yet (until `expiresAt`). offered: a freed place kept for the
 * first person waiting, to accept or decline (until `expiresAt`). Held and offered places
 * count against every pool exactly like confirmed ones; only a confirmed place gets
 * invitations, reminders, join links and hours.
 */
export type SeatStatus = 'confirmed' | 'held' | 'offered' | 'waitlisted' | 'cancelled';

/** The statuses that use a place in the pools covering the seat's session. */
export const PLACE_STATUSES = ['confirmed', 'held', 'offered'] as const satisfies readonly SeatStatus[];
export const usesPlace = (status: SeatStatus): boolean => (PLACE_STATUSES as readonly string[]).includes(status);

/**
 * Where a registration's address stands: 'unchecked' when it was made without address
 * confirmation (the setting off, or an organizer entering it), 'pending' until the address
 * confirms it, then 'confirmed'.
 */
export type AddressState = 'unchecked' | 'pending' | 'confirmed';

/** How a freed place reaches the waitlist: confirmed for the first person at once, or offered to them. */
export type WaitlistMode = 'auto' | 'offer';
export type RegistrationStatus = 'active' | 'cancelled';

/** How an organizer obtained the consent of a person they register by hand. */
export const CONSENT_SOURCES = ['phone', 'paper', 'email', 'in_person'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const ROLES = [
  'teacher',
  'support_specialist',
  'school_leader',
  'municipality_specialist',
  'parent',
  'other',
] as const;
export type Role = (typeof ROLES)[number];

export interface Region {
  id: string;
  name: Text;
}

export interface Municipality {
  id: string;
  name: Text;
  regionId: string;
}

export interface Event {
  id: number;
  slug: string;
  kind: EventKind;
  title: Text;
  description: Text;
  timezone: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  status: EventStatus;
  reminderHours: number;
  /** How long before a session starts its private join link shows on the manage page. */
  joinLinkMinutes: number;
  /** Whether limited places are held until the address confirms them; null: the server's setting. */
  addressConfirmation: boolean | null;
  /** How long a held place waits for its address (1..1440 minutes). */
  holdMinutes: number;
  waitlistMode: WaitlistMode;
  /** How long an offered place waits for its answer (1..168 hours). */
  offerHours: number;
  /** The registration asks for ESF+ participant data (domain/participantData.ts). */
  participantData: boolean;
}

export interface Session {
  id: number;
  eventId: number;
  kind: SessionKind;
  regionId: string | null;
  title: Text;
  description: Text;
  startsAt: string;
  endsAt: string;
  streamUrl: string | null;
  joinUrl: string | null;
  place: string | null;
  audience: string | null;
  /** Street address of the place, for seminars held in person. */
  address: string | null;
  speakers: Text;
  /** Origins the stream may be embedded from; the stream page's CSP allows exactly these. */
  embedOrigins: string[];
  status: 'scheduled' | 'cancelled';
  sequence: number;
}

export interface Quota {
  id: number;
  eventId: number;
  name: string;
  /** Its name on English pages (the Latvian name where none was given). */
  nameEn: string;
  size: number;
  used: number;
  sessionIds: number[];
}

/** An event with everything needed to show it and decide on registrations. */
export interface Programme {
  event: Event;
  regions: Region[];
  sessions: Session[];
  quotas: Quota[];
  /** The event's own registration questions, archived ones too (questions.ts). */
  questions: Question[];
  /** The programme version this was read under (raised by any change to the programme). */
  version: number;
}

export interface Registration {
  id: number;
  eventId: number;
  name: string;
  /** Null only for a person an organizer registered by hand without one (a phone caller). */
  email: string | null;
  /** A phone number an organizer noted (private, organizers only); null when none. */
  phone: string | null;
  institution: string;
  municipalityId: string;
  role: Role;
  regionId: string;
  language: Lang;
  consentAt: string;
  status: RegistrationStatus;
  createdAt: string;
  cancelledAt: string | null;
  addressState: AddressState;
  /** A pending registration's deadline: its held and waiting places end then unless confirmed. */
  confirmBy: string | null;
  /** The manage link has only ever been e-mailed to the address (never handed to a requester). */
  linkMailedOnly: boolean;
  /** The coordinator's group it was registered in, if any. */
  groupId: number | null;
}

export interface Seat {
  id: number;
  registrationId: number;
  sessionId: number;
  status: SeatStatus;
  createdAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  /** Until when a held or offered place is kept; null for the other statuses. */
  expiresAt: string | null;
  /**
   * The calendar entry this seat continues (a workshop switch): its UID, and the base its
   * SEQUENCE adds to the session's. Absent: the seat's own entry.
   */
  calendar?: { uid: string; sequenceBase: number };
}

/** A seat as the person sees it: with the exact waitlist position when waiting. */
export interface SeatView extends Seat {
  waitlistPosition: number | null;
}

/** E-mail addresses compare case-insensitively, without surrounding blanks. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function coverageOf(quotas: readonly Quota[]): Map<number, number[]> {
  const coverage = new Map<number, number[]>();
  for (const q of quotas) {
    for (const s of q.sessionIds) coverage.set(s, [...(coverage.get(s) ?? []), q.id]);
  }
  return coverage;
}

/**
 * Whether a registration's seats are one unit (a course; a single-session event, whose
 * one session is then taken without choosing it): a course is taken, waited for, promoted
 * and given up whole — all its seats confirmed or all waitlisted, never some of them.
 * A pool then counts people, not seats (LOCKING.md, "A course").
 */
export const takenWhole = (event: Pick<Event, 'kind'>): boolean => event.kind === 'course' || event.kind === 'single';

/** Whether an event holds limited places until the address confirms them. */
export const confirmsAddress = (event: Pick<Event, 'addressConfirmation'>, serverDefault: boolean): boolean =>
  event.addressConfirmation ?? serverDefault;

export function registrationOpen(event: Event, now: Date): boolean {
  const t = now.toISOString();
  return event.status === 'published' && t >= event.registrationOpensAt && t < event.registrationClosesAt;
}
