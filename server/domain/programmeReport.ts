/**
 * The whole programme's report for the funder: unique people across every event, per
 * region, municipality, role, event and session, and how many came to more than one event.
 * Pure arithmetic over the facts the database gives; no queries.
 *
 * What counts: an active registration holding a confirmed place in a session that is not
 * cancelled (and, when a period is asked, starts in it) is a participation. Held, offered
 * and waitlisted places, cancelled registrations and cancelled sessions do not count.
 *
 * A person is their e-mail address, compared without regard to case or surrounding spaces;
 * a registration without an address (registered by phone) is a person of its own.
 *
 * Each row counts a person once; a person in two regions (or events, sessions…) is in two
 * rows, so the rows may add up to more than the total, which counts every person once.
 */

/** One confirmed place of an active registration. */
export interface Participation {
  registrationId: number;
  eventId: number;
  sessionId: number;
  /** The registration's e-mail address as stored (null: registered without one). */
  email: string | null;
  region: string;
  municipality: string;
  role: string;
}

export interface ProgrammeCounts {
  /** Unique people. */
  people: number;
  /** Registrations with a confirmed place (one person, one event). */
  registrations: number;
  /** Of the people, those with a confirmed place in two or more events. */
  repeaters: number;
}

export interface ProgrammeRow extends ProgrammeCounts {
  key: string;
  label: string;
}

export interface ProgrammeTable {
  rows: ProgrammeRow[];
  /** Every person once, every registration once. */
  totals: ProgrammeCounts;
}

/** A group every table lists, even with nobody in it (each region, each event…). */
export interface ProgrammeGroup {
  key: string;
  label: string;
}

/** Who a participation's person is: the address without case, or the registration itself. */
export function personOf(p: Pick<Participation, 'email' | 'registrationId'>): string {
  const email = p.email?.trim().toLowerCase() ?? '';
  return email === '' ? `registration:${p.registrationId}` : `email:${email}`;
}

/** How many events each person took part in. */
export function eventsPerPerson(facts: readonly Participation[]): Map<string, number> {
  const events = new Map<string, Set<number>>();
  for (const f of facts) {
    const person = personOf(f);
    const seen = events.get(person) ?? new Set<number>();
    seen.add(f.eventId);
    events.set(person, seen);
  }
  return new Map([...events].map(([person, ids]) => [person, ids.size]));
}

/**
 * A table with a row for each group (in the order given) and a row for any other key the
 * facts hold after them; `keyOf` says which row a participation belongs to.
 */
export function programmeTable(
  facts: readonly Participation[],
  groups: readonly ProgrammeGroup[],
  keyOf: (f: Participation) => string,
  labelOf: (key: string) => string = (key) => key,
): ProgrammeTable {
  const perPerson = eventsPerPerson(facts);
  const people = new Map<string, Set<string>>();
  const registrations = new Map<string, Set<number>>();
  const keys = groups.map((g) => g.key);
  for (const f of facts) {
    const key = keyOf(f);
    if (!people.has(key)) {
      people.set(key, new Set());
      registrations.set(key, new Set());
      if (!keys.includes(key)) keys.push(key);
    }
    people.get(key)?.add(personOf(f));
    registrations.get(key)?.add(f.registrationId);
  }
  const labels = new Map(groups.map((g) => [g.key, g.label]));
  const counts = (persons: ReadonlySet<string>, regs: ReadonlySet<number>): ProgrammeCounts => ({
    people: persons.size,
    registrations: regs.size,
    repeaters: [...persons].filter((p) => (perPerson.get(p) ?? 0) >= 2).length,
  });
  const rows = keys.map((key) => ({
    key,
    label: labels.get(key) ?? labelOf(key),
    ...counts(people.get(key) ?? new Set(), registrations.get(key) ?? new Set()),
  }));
  const totals = counts(new Set(facts.map(personOf)), new Set(facts.map((f) => f.registrationId)));
  return { rows, totals };
}

/** How many people took part in exactly 1, 2, 3… events, up to the most anyone did. */
export function repeatParticipation(facts: readonly Participation[]): { events: number; people: number }[] {
  const perPerson = [...eventsPerPerson(facts).values()];
  const most = Math.max(0, ...perPerson);
  return Array.from({ length: most }, (_, i) => ({
    events: i + 1,
    people: perPerson.filter((n) => n === i + 1).length,
  }));
}
