/**
 * The registration rush: many distinct people register at once over the five regions,
 * each choosing one workshop of their region. The same code runs in `npm run bench`
 * (5,000 people) and, with small numbers, in the test suite to check correctness only.
 */
import { measure, type LoadFigures } from './load.js';

export const RUSH_SLUG = 'skola-vecaki-berni';

/** A municipality of each demo region (migrations/…_regions_and_municipalities.ts). */
const MUNICIPALITY_OF: Record<string, string> = {
  riga: 'riga',
  vidzeme: 'cesis',
  kurzeme: 'talsi',
  zemgale: 'bauska',
  latgale: 'ludza',
};

interface EventJson {
  regions: { id: string }[];
  sessions: { id: number; kind: string; regionId: string | null }[];
  quotas: { id: number; size: number; left: number; sessionIds: number[] }[];
}

interface RegistrationJson {
  regionId: string;
  items: { sessionId: number; status: string; waitlistPosition: number | null }[];
}

export interface RushPlan {
  regions: string[];
  workshopsOf: Map<string, number[]>;
  /** Workshop places per region: the size of the pool covering its workshops. */
  placesOf: Map<string, number>;
}

export async function fetchEvent(baseUrl: string): Promise<EventJson> {
  const res = await fetch(`${baseUrl}/api/v1/events/${RUSH_SLUG}`);
  if (!res.ok) throw new Error(`GET event: ${res.status}`);
  return ((await res.json()) as { event: EventJson }).event;
}

export async function planRush(baseUrl: string): Promise<RushPlan> {
  const event = await fetchEvent(baseUrl);
  const regions = event.regions.map((r) => r.id);
  const workshopsOf = new Map(
    regions.map((r) => [r, event.sessions.filter((s) => s.kind === 'workshop' && s.regionId === r).map((s) => s.id)]),
  );
  const placesOf = new Map(
    regions.map((r) => {
      const ids = new Set(workshopsOf.get(r));
      const pools = event.quotas.filter((q) => q.sessionIds.some((id) => ids.has(id)));
      return [r, pools.reduce((n, q) => n + q.size, 0)];
    }),
  );
  return { regions, workshopsOf, placesOf };
}

/** The n-th person of the rush: region round-robin, workshops alternating within it. */
export function rushPerson(plan: RushPlan, n: number, runId: string): Record<string, unknown> {
  const region = plan.regions[n % plan.regions.length] ?? 'riga';
  const workshops = plan.workshopsOf.get(region) ?? [];
  const turn = Math.floor(n / plan.regions.length);
  const workshop = workshops[turn % Math.max(1, workshops.length)];
  return {
    name: `Dalībnieks ${n}`,
    email: `rush-${runId}-${n}@skola.lv`,
    institution: 'Rīgas Valsts 1. ģimnāzija',
    municipality: MUNICIPALITY_OF[region] ?? 'riga',
    role: 'teacher',
    regionId: region,
    sessionIds: workshop === undefined ? [] : [workshop],
    language: n % 2 === 0 ? 'lv' : 'en',
    consent: true,
  };
}

export interface RushRun {
  load: LoadFigures;
  registrations: RegistrationJson[];
}

/** The rush's requests: `people` POSTs of distinct people at `connections` at once. */
function postPeople(
  baseUrl: string,
  plan: RushPlan,
  opts: {
    people: number;
    connections: number;
    path?: string;
    change?: (person: Record<string, unknown>) => void;
    onResponse?: (status: number, body: string) => void;
  },
): Promise<LoadFigures> {
  const runId = `${process.pid}-${Date.now()}`;
  // autocannon may build a request it never sends; a counter keeps every body distinct.
  let next = 0;
  return measure({
    url: baseUrl,
    connections: opts.connections,
    amount: opts.people,
    // A slow answer is still an answer: it shows in p99, and its registration in the check.
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: opts.path ?? `/api/v1/events/${RUSH_SLUG}/registrations`,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const person = rushPerson(plan, next++, runId);
          opts.change?.(person);
          return { ...req, body: JSON.stringify(person) };
        },
        onResponse: (status, body) => opts.onResponse?.(status, body),
      },
    ],
  });
}

/** Fires `people` registrations at `connections` at once; every request is a new person. */
export async function runRush(
  baseUrl: string,
  plan: RushPlan,
  opts: { people: number; connections: number },
): Promise<RushRun> {
  const registrations: RegistrationJson[] = [];
  const load = await postPeople(baseUrl, plan, {
    ...opts,
    onResponse: (status, body) => {
      if (status === 201) registrations.push((JSON.parse(body) as { registration: RegistrationJson }).registration);
    },
  });
  return { load, registrations };
}

/**
 * The rush's requests with the registration itself left out, to see what it costs: sent
 * to bench/hello.ts's bare Express POST (`'bare'`: JSON body in, the body back as 201
 * JSON), or to the app with a municipality that does not exist (`'refused'`: the whole
 * pipeline, validation and the plan against the programme, then a 400 before any
 * transaction). The answers are read as the rush reads them.
 */
export function runRushReference(
  baseUrl: string,
  plan: RushPlan,
  opts: { people: number; connections: number; kind: 'bare' | 'refused' },
): Promise<LoadFigures> {
  const expected = opts.kind === 'bare' ? 201 : 400;
  let unexpected = 0;
  return postPeople(baseUrl, plan, {
    ...opts,
    ...(opts.kind === 'bare'
      ? { path: '/registrations' }
      : {
          change: (person) => {
            person.municipality = 'nowhere';
          },
        }),
    onResponse: (status, body) => {
      JSON.parse(body);
      if (status !== expected) unexpected += 1;
    },
  }).then((load) => ({ ...load, errors: load.errors + unexpected, non2xx: 0 }));
}

export interface RegionOutcome {
  region: string;
  registered: number;
  confirmed: number;
  waitlisted: number;
  places: number;
  placesLeft: number;
}

export interface RushCheck {
  ok: boolean;
  regions: RegionOutcome[];
  problems: string[];
}

/**
 * Exactly the capacity confirmed in every region, the rest waitlisted with positions
 * 1..n (no gaps, no repeats), every plenary confirmed, and the quotas agreeing. Requests
 * that got no answer (`unanswered`) may still have registered someone: then the
 * positions seen must only be distinct and within 1..n + unanswered.
 */
export function checkRush(
  plan: RushPlan,
  registrations: readonly RegistrationJson[],
  after: EventJson,
  unanswered = 0,
): RushCheck {
  const problems: string[] = [];
  if (unanswered > 0) problems.push(`${unanswered} requests got no answer`);
  const regions = plan.regions.map((region): RegionOutcome => {
    const workshops = new Set(plan.workshopsOf.get(region));
    const mine = registrations.filter((r) => r.regionId === region);
    const items = mine.flatMap((r) => r.items.filter((i) => workshops.has(i.sessionId)));
    const plenaries = mine.flatMap((r) => r.items.filter((i) => !workshops.has(i.sessionId)));
    const places = plan.placesOf.get(region) ?? 0;
    // A place held for an address that has not confirmed yet is taken all the same.
    const confirmed = items.filter((i) => i.status === 'confirmed' || i.status === 'held').length;
    const waiting = items.filter((i) => i.status === 'waitlisted');
    if (unanswered === 0 && confirmed !== Math.min(places, mine.length)) {
      problems.push(`${region}: ${confirmed} confirmed, expected ${Math.min(places, mine.length)}`);
    }
    if (confirmed > places) problems.push(`${region}: ${confirmed} confirmed of ${places} places`);
    if (confirmed + waiting.length !== mine.length) problems.push(`${region}: a workshop seat is missing`);
    const positions = waiting.map((i) => i.waitlistPosition ?? 0).sort((a, b) => a - b);
    const exact = unanswered === 0 ? positions.every((p, i) => p === i + 1) : distinctWithin(positions, unanswered);
    if (!exact) problems.push(`${region}: waitlist positions are not exactly 1..n`);
    if (plenaries.some((i) => i.status !== 'confirmed')) problems.push(`${region}: a plenary seat is not confirmed`);
    const pools = after.quotas.filter((q) => q.sessionIds.some((id) => workshops.has(id)));
    const placesLeft = pools.reduce((n, q) => n + q.left, 0);
    if (placesLeft !== places - confirmed) problems.push(`${region}: quotas say ${placesLeft} left`);
    return { region, registered: mine.length, confirmed, waitlisted: waiting.length, places, placesLeft };
  });
  return { ok: problems.length === 0, regions, problems };
}

/** Sorted positions without repeats, none beyond what the unanswered could explain. */
function distinctWithin(sorted: readonly number[], unanswered: number): boolean {
  const last = sorted.length + unanswered;
  return sorted.every((p, i) => p >= 1 && p <= last && (i === 0 || p > (sorted[i - 1] ?? 0)));
}
