import { outerQuotas } from '../../domain/quotas.js';
import { Availability } from '../../domain/availability.js';
import type { Lang } from '../../domain/time.js';
import { whereLine } from '../../domain/where.js';
import { translator } from '../../i18n/index.js';
import { askedQuestions, offeredOptions, type AnswerValue, type Question } from '../../domain/questions.js';
import {
  DISADVANTAGES,
  FLAG_ANSWERS,
  PARTICIPANT_QUESTION_NAMES,
  PARTICIPANT_QUESTIONS,
  type ParticipantData,
} from '../../domain/participantData.js';
import {
  coverageOf,
  registrationOpen,
  takenWhole,
  type Programme,
  type Quota,
  type Session,
  type Text,
} from '../../domain/types.js';

/** The ESF+ questions as the form asks them: each name with its answers, the flags with theirs. */
export function participantDataVM() {
  return {
    questions: PARTICIPANT_QUESTION_NAMES.map((name) => ({ name, answers: [...PARTICIPANT_QUESTIONS[name]] })),
    flags: [...DISADVANTAGES],
    flagAnswers: [...FLAG_ANSWERS],
  };
}

/** Told ESF+ answers as the form's fields (`pd_…`), to show them chosen. */
export function participantDataValues(data: ParticipantData): Record<string, string> {
  const flags = data.disadvantages;
  return {
    pd_gender: data.gender,
    pd_ageBand: data.ageBand,
    pd_education: data.education,
    pd_employment: data.employment,
    ...(flags ? { pd_consent: 'yes', ...Object.fromEntries(DISADVANTAGES.map((d) => [`pd_${d}`, flags[d]])) } : {}),
  };
}

export interface SessionVM {
  id: number;
  kind: Session['kind'];
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  left: number | null;
  /** The tightest quota's size, or null when unlimited. */
  size: number | null;
  full: boolean;
  /** Begun already: no longer offered for registration. */
  started: boolean;
  place: string | null;
  /** Where, as one line: the place and its address, or online. */
  where: string;
}

export interface RegionVM {
  id: string;
  name: string;
  day: string | null;
  sessions: SessionVM[];
  places: { size: number; left: number; percentTaken: number } | null;
  /** The workshops' own places differ from the region's: each shows what it has left. */
  perSession: boolean;
}

export interface EventPageVM {
  slug: string;
  kind: Programme['event']['kind'];
  title: string;
  description: string;
  open: boolean;
  opensAt: string;
  closesAt: string;
  regions: RegionVM[];
  /** A course (taken whole): all its sessions and the places of its pool, in people. */
  course: { sessions: SessionVM[]; places: RegionVM['places'] } | null;
  /** A single-session event: its one session, where it is held and for whom. */
  single: SingleVM | null;
}

export interface SingleVM {
  session: SessionVM;
  /** The region it is held in; null: open to every region. */
  regionName: string | null;
  address: string | null;
  /** An audience key (AUDIENCES, domain/types.ts); null: open to everyone. */
  audience: string | null;
  /** Held online: no place. The join link itself is private (the manage page). */
  online: boolean;
  places: RegionVM['places'];
}

function sessionVM(s: Session, availability: Availability, quotas: readonly Quota[], lang: Lang, now: Date): SessionVM {
  const left = availability.left(s.id);
  const sizes = quotas.filter((q) => q.sessionIds.includes(s.id)).map((q) => q.size);
  return {
    id: s.id,
    kind: s.kind,
    title: s.title[lang],
    description: s.description[lang],
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    left,
    size: sizes.length > 0 ? Math.min(...sizes) : null,
    full: left === 0,
    started: s.startsAt <= now.toISOString(),
    place: s.place,
    where: whereLine(s, translator(lang)('seminars.online')),
  };
}

/** The pool of a region's workshops: the quotas covering its limited sessions, summed. */
function regionPlaces(quotas: readonly Quota[], sessions: readonly Session[]): RegionVM['places'] {
  const outer = outerQuotas(
    quotas,
    sessions.filter((s) => s.kind !== 'plenary').map((s) => s.id),
  );
  if (outer.length === 0) return null;
  const size = outer.reduce((n, q) => n + q.size, 0);
  const used = outer.reduce((n, q) => n + Math.min(q.used, q.size), 0);
  return { size, left: size - used, percentTaken: size === 0 ? 100 : Math.round((used / size) * 100) };
}

function singleVM(programme: Programme, session: Session, availability: Availability, lang: Lang, now: Date): SingleVM {
  return {
    session: sessionVM(session, availability, programme.quotas, lang, now),
    regionName: programme.regions.find((r) => r.id === session.regionId)?.name[lang] ?? null,
    address: session.address,
    audience: session.audience,
    online: session.place === null,
    places: regionPlaces(programme.quotas, [session]),
  };
}

export function eventPageVM(programme: Programme, lang: Lang, now: Date): EventPageVM {
  const availability = new Availability(programme.quotas, coverageOf(programme.quotas));
  const visible = programme.sessions.filter((s) => s.status === 'scheduled');
  const regions = programme.regions.map((region) => {
    const sessions = visible.filter((s) => s.regionId === region.id);
    return {
      id: region.id,
      name: region.name[lang],
      day: sessions[0]?.startsAt ?? null,
      sessions: sessions.map((s) => sessionVM(s, availability, programme.quotas, lang, now)),
      places: regionPlaces(programme.quotas, sessions),
      perSession: false,
    };
  });
  // A published single-session event has exactly one session (publishProblems).
  const single = programme.event.kind === 'single' && visible.length === 1 ? visible[0] : undefined;
  for (const region of regions) {
    // "50 left in the region" says nothing when one workshop has 50 and the other none.
    const limited = region.sessions.filter((s) => s.kind !== 'plenary' && s.left !== null);
    region.perSession = limited.length > 0 && limited.some((s) => s.left !== (region.places?.left ?? null));
  }
  return {
    slug: programme.event.slug,
    kind: programme.event.kind,
    title: programme.event.title[lang],
    description: programme.event.description[lang],
    open: registrationOpen(programme.event, now),
    opensAt: programme.event.registrationOpensAt,
    closesAt: programme.event.registrationClosesAt,
    regions,
    course:
      takenWhole(programme.event) && !single
        ? {
            sessions: visible.map((s) => sessionVM(s, availability, programme.quotas, lang, now)),
            places: regionPlaces(programme.quotas, visible),
          }
        : null,
    single: single ? singleVM(programme, single, availability, lang, now) : null,
  };
}

/** A question as a form asks it, in the page language (Latvian where the English is left empty). */
export interface QuestionVM {
  id: number;
  /** The form field and the id of its (first) input: `q<id>`. */
  field: string;
  type: Question['type'];
  required: boolean;
  label: string;
  help: string;
  /** 'lv' where the label or help is the Latvian shown on an English page (its `lang`), else null. */
  labelLang: Lang | null;
  helpLang: Lang | null;
  options: { key: string; label: string; lang: Lang | null }[];
  min: number | null;
  max: number | null;
}

/** A text in the page language, or the Latvian with its language named when there is none. */
function inLang(text: Text, lang: Lang): { text: string; lang: Lang | null } {
  if (text[lang] || lang === 'lv') return { text: text[lang], lang: null };
  return { text: text.lv, lang: text.lv ? 'lv' : null };
}

export function questionVMs(questions: readonly Question[], lang: Lang): QuestionVM[] {
  return askedQuestions(questions).map((q) => {
    const label = inLang(q.label, lang);
    const help = inLang(q.help, lang);
    return {
      id: q.id,
      field: `q${q.id}`,
      type: q.type,
      required: q.required,
      label: label.text,
      help: help.text,
      labelLang: label.lang,
      helpLang: help.lang,
      options: offeredOptions(q).map((o) => {
        const option = inLang(o.label, lang);
        return { key: o.key, label: option.text, lang: option.lang };
      }),
      min: q.min,
      max: q.max,
    };
  });
}

/** The form fields of a question's errors: `answers.<id>` becomes `q<id>`. */
export function questionErrors(errors: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, code]) => [/^answers\.\d+$/.test(field) ? `q${field.slice(8)}` : field, code]),
  );
}

/** A stored answer as the form shows it again: text, option keys, "yes"/"no", a number (decimal comma in Latvian). */
export function answerFormValue(value: AnswerValue, lang: Lang): string | string[] {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return lang === 'lv' ? String(value).replace('.', ',') : String(value);
  return value;
}
