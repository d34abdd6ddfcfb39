import { z } from 'zod';
import { invalid, type FieldErrors } from '../domain/errors.js';
import { looksLikeAddress, safeLine } from '../domain/text.js';
import { ROLES } from '../domain/types.js';
import { isPhone } from '../domain/phone.js';
import {
  AGE_BANDS,
  DISADVANTAGES,
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  FLAG_ANSWERS,
  GENDERS,
} from '../domain/participantData.js';

/** The largest id a row can have (PostgreSQL's `integer`): a larger one names nothing. */
export const MAX_ID = 2_147_483_647;

// Messages are message keys (see i18n "field.*"); the edge translates them.

export { safeLine, safeText } from '../domain/text.js';

const text = (max: number) =>
  z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(max, `too_long:${max}`)
    .refine(safeLine, 'invalid_characters');

/** Answers to the event's own questions (Event.questions), by question id. */
export const Answers = z
  .record(
    z.string().max(12),
    z.union([z.string().max(4000), z.array(z.string().max(64)).max(50), z.boolean(), z.number()], {
      error: 'invalid',
    }),
    { error: 'invalid' },
  )
  .describe(
    'Answers by question id (Event.questions[].id): short_text and long_text a string, single_choice an ' +
      'option key, multiple_choice an array of option keys, yes_no a boolean, number a number. A required ' +
      'question must be answered; an optional one may be left out. An error is reported under the field ' +
      '"answers.<id>" (required, choose_one, choose_some, too_long:N, invalid_characters, invalid_choice, invalid_number, too_small:N, ' +
      'too_large:N, unknown_question).',
  );

/**
 * A phone number as organizers type it (domain/phone.ts): digits, spaces and a leading "+";
 * +371 and 8 digits, or 8 digits alone, for a Latvian one. Kept normalized ("+37120000000").
 */
export const phoneNumber = z
  .string({ error: 'invalid_phone' })
  .trim()
  .min(1, 'required')
  .max(40, 'invalid_phone')
  .refine(isPhone, 'invalid_phone')
  .describe('A phone number: digits, spaces and a leading "+"; Latvian: +371 and 8 digits (or the 8 digits alone)');
const choice = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .enum(values, { error: 'invalid_choice' })
    .default('undisclosed' as T[number])
    .describe(`${what}: ${values.join(', ')}; undisclosed (the default) is a valid answer`);
const flag = (what: string) => choice(FLAG_ANSWERS, what);

/**
 * ESF+ participant data (domain/participantData.ts), taken only where the event asks for it
 * (Event.participantData). Nothing is required: each answer defaults to undisclosed.
 */
export const ParticipantDataBody = z
  .strictObject({
    gender: choice(GENDERS, 'Gender'),
    ageBand: choice(AGE_BANDS, 'Age band'),
    education: choice(EDUCATION_LEVELS, 'Highest education completed (ISCED levels)'),
    employment: choice(EMPLOYMENT_STATUSES, 'Employment status'),
    disadvantages: z
      .strictObject({
        consent: z
          .literal(true, { error: 'special_consent_required' })
          .describe(
            'The separate explicit consent to processing these special categories of data (GDPR Art. 9(2)(a)); ' +
              'must be true, else 400 with fields["participantData.disadvantages.consent"] special_consent_required',
          ),
        disability: flag('A person with a disability'),
        thirdCountryNational: flag('A third-country national'),
        foreignOrigin: flag('A person of foreign origin'),
        minority: flag('A minority (including marginalised communities such as the Roma)'),
        homeless: flag('Homeless or affected by housing exclusion'),
        rural: flag('A person from a rural area'),
      } satisfies Record<'consent' | (typeof DISADVANTAGES)[number], z.ZodType>)
      .optional()
      .describe(
        'ESF+ disadvantage indicators, each yes, no or undisclosed: sent only with the consent; left out, nothing ' +
          'of them is kept',
      ),
  })
  .describe(
    'ESF+ participant data, only for an event with participantData true (else 400 with fields.participantData ' +
      'not_asked). Errors under "participantData.<field>"',
  );
export type ParticipantDataBody = z.infer<typeof ParticipantDataBody>;

/** A person's name: a line of text that is not a web or e-mail address (domain/text.ts, looksLikeAddress). */
export const personName = text(200).refine((v) => !looksLikeAddress(v), 'name_is_address');

export const RegistrationBody = z.strictObject({
  name: personName.describe(
    'Full name (trimmed; no control characters; no web or e-mail address: refused with fields.name name_is_address)',
  ),
  email: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(254, 'too_long:254')
    .pipe(z.email({ error: 'invalid_email' }))
    .describe('One registration per e-mail address and event; the manage link is sent here'),
  institution: text(200).describe('School or other institution (trimmed; no control characters)'),
  municipality: z
    .string({ error: 'required' })
    .min(1, 'required')
    .max(64, 'unknown_municipality')
    .describe('Municipality id, e.g. "riga"; an unknown id is refused (fields.municipality)'),
  role: z.enum(ROLES, { error: 'invalid_choice' }),
  regionId: z
    .string({ error: 'required' })
    .min(1, 'required')
    .max(32, 'unknown_region')
    .describe("One of the event's regions (Event.regions[].id); it decides the plenary and the sessions on offer"),
  sessionIds: z
    .array(z.number({ error: 'unknown_session' }).int('unknown_session').positive('unknown_session'), {
      error: 'invalid',
    })
    .max(30, 'too_many')
    .default([])
    .describe(
      'Ids of the workshops (conference) or seminars (seminar series) chosen: sessions of kind workshop or ' +
        'seminar, of the chosen region or open to all regions (regionId null), not yet begun, not overlapping ' +
        'each other. The plenary of the chosen region is added by itself and is never listed here. ' +
        'Conference: may be omitted or [] to register for the plenary only, where the region has a plenary; ' +
        'in a region without one, [] is refused with 400 invalid_input (fields.sessionIds choose_workshop). ' +
        'Seminar series: at least one seminar is required; an empty or missing list is refused with ' +
        '400 invalid_input (fields.sessionIds). Any other id is refused the same way.',
    ),
  language: z.enum(['lv', 'en'], { error: 'invalid_choice' }).describe('Language of the e-mails to the person'),
  answers: Answers.default({}),
  participantData: ParticipantDataBody.optional(),
  consent: z
    .literal(true, { error: 'consent_required' })
    .describe('Consent to the processing of the personal data; must be true'),
});
export type RegistrationBody = z.infer<typeof RegistrationBody>;

/** An e-mail address as the forms and the API take it (trimmed, at most 254 characters). */
export const emailAddress = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(254, 'too_long:254')
  .pipe(z.email({ error: 'invalid_email' }));

const sessionIdList = z
  .array(z.number({ error: 'unknown_session' }).int('unknown_session').positive('unknown_session'), {
    error: 'invalid',
  })
  .max(30, 'too_many')
  .default([]);

/** One person of a coordinator's group (services/groups.ts). */
export const GroupPerson = z.strictObject({
  name: personName.describe('Full name (as in the registration body)'),
  email: emailAddress.describe('The person’s own address: their message and link go there'),
  sessionIds: sessionIdList.describe('Workshops or seminars chosen, as in the registration body'),
  role: z.enum(ROLES, { error: 'invalid_choice' }).default('teacher'),
  answers: Answers.default({}),
});

/** POST /events/:slug/groups: a school's coordinator registers up to 30 people at once. */
export const GroupBody = z.strictObject({
  coordinator: z.strictObject({
    name: personName,
    email: emailAddress.describe('The group’s link goes here'),
    institution: text(200).describe('The school: every person’s institution'),
    municipality: z.string({ error: 'required' }).min(1, 'required').max(64, 'unknown_municipality'),
  }),
  regionId: z.string({ error: 'required' }).min(1, 'required').max(32, 'unknown_region'),
  language: z.enum(['lv', 'en'], { error: 'invalid_choice' }),
  consent: z
    .literal(true, { error: 'consent_required' })
    .describe('The coordinator confirms the people agree to the processing of their data'),
  people: z.array(GroupPerson, { error: 'invalid' }).min(1, 'no_people').max(30, 'too_many'),
});
export type GroupBody = z.infer<typeof GroupBody>;

/** POST /groups/:token/people: people added to a group. */
export const GroupPeopleBody = z.strictObject({
  people: z.array(GroupPerson, { error: 'invalid' }).min(1, 'no_people').max(30, 'too_many'),
});

/** PATCH /groups/:token/people/:registrationId: the person a place is given to instead. */
export const SwapBody = z.strictObject({ name: personName, email: emailAddress });

/**
 * zod issues of a nested body -> one message key per field, named by its whole path
 * ("people.2.email", "coordinator.name"), the first one winning.
 */
export function nestedFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[path ? `${path}.${key}` : key] ??= 'unknown_field';
      continue;
    }
    fields[path || '_'] ??= FIELD_CODE.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}

export const LostLinkBody = z.strictObject({
  email: z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(254, 'too_long:254')
    .pipe(z.email({ error: 'invalid_email' })),
});

/** A workshop or seminar added to a registration (manage page and API). */
export const AddItemBody = z.strictObject({
  sessionId: z
    .number({ error: 'unknown_session' })
    .int('unknown_session')
    .positive('unknown_session')
    .describe(
      'A workshop or seminar of the registration’s region (or open to all regions), not yet begun, not held ' +
        'already and not overlapping a session held',
    ),
});

/** A person's new answers to the event's questions (PUT /registrations/:token/answers). */
export const AnswersBody = z.strictObject({
  answers: Answers.describe(
    'Every question the event asks, answered anew: a question left out (or blank) has no answer afterwards. ' +
      'Errors as in the registration body, under "answers.<id>"',
  ),
});

export const SwitchBody = z.strictObject({
  sessionId: z.coerce.number({ error: 'unknown_session' }).int('unknown_session').positive('unknown_session'),
});

const FIELD_CODE = /^[a-z_]+(:\d+)?$/;

/** zod issues -> one message key per field (the first one wins). */
export function fieldErrors(error: z.ZodError, opts: { dotted?: boolean } = {}): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const at = opts.dotted || issue.path[0] === 'participantData' ? issue.path.map(String) : [];
      for (const key of issue.keys) fields[[...at, key].join('.')] ??= 'unknown_field';
      continue;
    }
    // An answer's error is its own field: "answers.12"; participant data's and, with `dotted`,
    // every field are named by their whole path ("participantData.gender", "approval.date").
    const field =
      opts.dotted || (issue.path[0] === 'participantData' && issue.path.length > 1)
        ? issue.path.map(String).join('.') || '_'
        : issue.path[0] === 'answers' && issue.path.length > 1
          ? `answers.${String(issue.path[1])}`
          : String(issue.path[0] ?? '_');
    fields[field] ??= FIELD_CODE.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}

export type FormBody = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The HTML form's fields, shaped as the API body so one schema checks both. */
export function registrationFromForm(form: FormBody): Record<string, unknown> {
  const sessions = [...all(form.workshop), ...all(form.sessionIds)].filter((v) => v !== '' && v !== 'none');
  return {
    name: first(form.name) ?? '',
    email: first(form.email) ?? '',
    institution: first(form.institution) ?? '',
    municipality: first(form.municipality) ?? '',
    role: first(form.role) ?? '',
    regionId: first(form.regionId) ?? '',
    sessionIds: sessions.map((v) => (/^\d{1,9}$/.test(v) ? Number(v) : NaN)),
    language: first(form.language) ?? '',
    answers: answersFromForm(form),
    ...(Object.keys(form).some((k) => k.startsWith('pd_')) ? { participantData: participantDataFromForm(form) } : {}),
    consent: first(form.consent) === 'yes' ? true : undefined,
  };
}

/** The form's field of each disadvantage flag (`pd_<flag>`). */
export const disadvantageField = (d: (typeof DISADVANTAGES)[number]): string => `pd_${d}`;

/**
 * The form's participant data (fields `pd_…`). The disadvantage flags count only with the
 * consent box ticked (`pd_consent`); an answer other than "prefer not to say" without it is
 * sent on without the consent, so that the person is asked to tick it or leave them.
 */
export function participantDataFromForm(form: FormBody): Record<string, unknown> {
  const answer = (name: string) => first(form[name]) || 'undisclosed';
  const flags = Object.fromEntries(DISADVANTAGES.map((d) => [d, answer(disadvantageField(d))]));
  const consent = first(form.pd_consent) === 'yes';
  const told = Object.values(flags).some((v) => v !== 'undisclosed');
  return {
    gender: answer('pd_gender'),
    ageBand: answer('pd_ageBand'),
    education: answer('pd_education'),
    employment: answer('pd_employment'),
    ...(consent || told ? { disadvantages: { ...flags, consent: consent ? true : undefined } } : {}),
  };
}

const ANSWER_FIELD = /^q(\d{1,9})$/;

/**
 * The form's answers to the event's questions: field `q<id>`, one value, or several for
 * a multiple choice (checkboxes); every checkbox group also sends an empty `q<id>` so that
 * choosing none still names the question. Values stay text; questions.ts reads them.
 */
export function answersFromForm(form: FormBody): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    const id = ANSWER_FIELD.exec(name)?.[1];
    if (id === undefined || value === undefined) continue;
    answers[id] = Array.isArray(value) ? value.filter((v) => v !== '') : value;
  }
  return answers;
}

/**
 * A route's query parameters, read through `schema` (a plain z.object, so unknown
 * parameters are ignored). A parameter the schema knows is one value: given twice (an
 * array) it is refused, never guessed at. Bad input is 400 invalid_input with the fields
 * (JSON for the API, the error page for pages).
 */
export function queryOf<S extends z.ZodObject>(schema: S, req: { query: unknown }): z.output<S> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const repeated: FieldErrors = {};
  for (const name of Object.keys(schema.shape)) if (Array.isArray(query[name])) repeated[name] = 'repeated';
  const parsed = schema.safeParse(query);
  if (Object.keys(repeated).length > 0) throw invalid(repeated);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  return parsed.data;
}

/** One query value of at most `max` characters and none that break text (safeLine), or none. */
export const param = (max: number) =>
  z.string({ error: 'invalid' }).max(max, `too_long:${max}`).refine(safeLine, 'invalid_characters').optional();

/** `?lang=` on any route: lv or en; another value is ignored (the cookie or header decides). */
export const LangQuery = z.object({ lang: z.enum(['lv', 'en']).optional().catch(undefined) });

/** The public event list's filters; an unknown region, kind, month or audience means "all". */
export const OverviewQuery = z.object({ region: param(32), kind: param(32), month: param(7), audience: param(32) });

/** A seminar series' list filters; an unknown value means "all". */
export const SeminarQuery = z.object({ audience: param(32), region: param(32), month: param(7) });

/** The registration form, opened for a region or with a seminar ticked. */
export const RegisterFormQuery = z.object({ region: param(32), session: param(9) });

/** The "check your mail" page: what the registration was told, sealed (public.ts). */
export const CheckMailQuery = z.object({ r: z.string().max(4000).optional().catch(undefined) });

/** The manage page after an action (`done`) or a registration (`welcome=1`). */
export const ManageQuery = z.object({ done: param(32), welcome: param(8), seat: param(9), from: param(9) });

/** The largest JSON body the API reads. */
export const JSON_BODY_LIMIT = 16 * 1024;
