/**
 * ESF+ participant data: what the funder's common indicators ask of each participant, and
 * how the participants report counts people. Pure rules, no queries.
 *
 * Every question has `undisclosed` ("nevēlos norādīt") as a valid answer, and it is the
 * default: nobody is made to disclose anything. The disadvantage flags are special
 * categories of data (GDPR Art. 9): asked only behind a separate explicit consent, and
 * without it nothing of them is kept.
 */

export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export const AGE_BANDS = ['under18', '18-29', '30-54', '55+', 'undisclosed'] as const;
export const EDUCATION_LEVELS = ['isced0-2', 'isced3-4', 'isced5-8', 'undisclosed'] as const;
export const EMPLOYMENT_STATUSES = ['employed', 'unemployed', 'inactive', 'undisclosed'] as const;
export const FLAG_ANSWERS = ['yes', 'no', 'undisclosed'] as const;
/** The ESF+ common indicators of disadvantage, in the order the form asks them. */
export const DISADVANTAGES = [
  'disability',
  'thirdCountryNational',
  'foreignOrigin',
  'minority',
  'homeless',
  'rural',
] as const;

export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type Education = (typeof EDUCATION_LEVELS)[number];
export type Employment = (typeof EMPLOYMENT_STATUSES)[number];
export type FlagAnswer = (typeof FLAG_ANSWERS)[number];
export type Disadvantage = (typeof DISADVANTAGES)[number];

/** The four questions everyone on such an event is asked, and their answers. */
export const PARTICIPANT_QUESTIONS = {
  gender: GENDERS,
  ageBand: AGE_BANDS,
  education: EDUCATION_LEVELS,
  employment: EMPLOYMENT_STATUSES,
} as const;
export type ParticipantQuestion = keyof typeof PARTICIPANT_QUESTIONS;
export const PARTICIPANT_QUESTION_NAMES = Object.keys(PARTICIPANT_QUESTIONS) as ParticipantQuestion[];

export interface ParticipantData {
  gender: Gender;
  ageBand: AgeBand;
  education: Education;
  employment: Employment;
  /** Present only with the explicit consent (Art. 9): when it was given, and the answers. */
  disadvantages: ({ consentAt: string } & Record<Disadvantage, FlagAnswer>) | null;
}

/** What a registration that told nothing counts as. */
export const UNDISCLOSED: ParticipantData = {
  gender: 'undisclosed',
  ageBand: 'undisclosed',
  education: 'undisclosed',
  employment: 'undisclosed',
  disadvantages: null,
};

/** One counted registration: who (lower-cased e-mail, or the registration where it has none), where, what it told. */
export interface ParticipantFact {
  registrationId: number;
  /** The lower-cased e-mail; null counts the registration as a person of its own. */
  email: string | null;
  eventId: number;
  /** It has an attended mark on a session that is not the open plenary. */
  attended: boolean;
  /** The data as told, with when it was last changed; null when nothing was told. */
  data: (ParticipantData & { updatedAt: string }) | null;
}

export type Distribution<K extends string> = Record<K, number>;

export interface ParticipantCounts {
  participants: number;
  gender: Distribution<Gender>;
  ageBand: Distribution<AgeBand>;
  education: Distribution<Education>;
  employment: Distribution<Employment>;
  /** Per flag: yes, no, undisclosed (without consent a person counts as undisclosed). */
  disadvantages: Record<Disadvantage, Distribution<FlagAnswer>>;
}

const zeros = <K extends string>(keys: readonly K[]): Distribution<K> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Distribution<K>;

export function emptyCounts(): ParticipantCounts {
  return {
    participants: 0,
    gender: zeros(GENDERS),
    ageBand: zeros(AGE_BANDS),
    education: zeros(EDUCATION_LEVELS),
    employment: zeros(EMPLOYMENT_STATUSES),
    disadvantages: Object.fromEntries(DISADVANTAGES.map((d) => [d, zeros(FLAG_ANSWERS)])) as Record<
      Disadvantage,
      Distribution<FlagAnswer>
    >,
  };
}

const personOf = (f: ParticipantFact): string => f.email ?? `registration:${f.registrationId}`;

/** Of a person's facts, the one whose data is the latest (changed last; a later registration on a tie). */
function latest(facts: readonly ParticipantFact[]): ParticipantData {
  let best: ParticipantFact | null = null;
  for (const f of facts) {
    if (!f.data) continue;
    if (
      !best?.data ||
      f.data.updatedAt > best.data.updatedAt ||
      (f.data.updatedAt === best.data.updatedAt && f.registrationId > best.registrationId)
    )
      best = f;
  }
  return best?.data ?? UNDISCLOSED;
}

/** Counts the people among `facts` (those who attended), each once, by their latest data. */
export function countPeople(facts: readonly ParticipantFact[]): ParticipantCounts {
  const people = new Map<string, ParticipantFact[]>();
  for (const f of facts) {
    if (!f.attended) continue;
    const key = personOf(f);
    people.set(key, [...(people.get(key) ?? []), f]);
  }
  const counts = emptyCounts();
  for (const own of people.values()) {
    const data = latest(own);
    counts.participants += 1;
    counts.gender[data.gender] += 1;
    counts.ageBand[data.ageBand] += 1;
    counts.education[data.education] += 1;
    counts.employment[data.employment] += 1;
    for (const d of DISADVANTAGES) counts.disadvantages[d][data.disadvantages?.[d] ?? 'undisclosed'] += 1;
  }
  return counts;
}
