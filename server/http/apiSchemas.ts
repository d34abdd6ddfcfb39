import { z } from 'zod';
import { PLENARY_ATTENDANCE_MODES } from '../domain/attendance.js';
import {
  AGE_BANDS,
  DISADVANTAGES,
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  FLAG_ANSWERS,
  GENDERS,
} from '../domain/participantData.js';
import { REFUSAL_REASONS, type ErrorCode } from '../domain/errors.js';
import { MONTH } from '../domain/eventFilters.js';
import { QUESTION_TYPES } from '../domain/questions.js';
import { AUDIENCES, EVENT_KINDS, ROLES } from '../domain/types.js';

/**
 * The answers of JSON API v1 as zod schemas: the OpenAPI document (openapi.ts) is generated
 * from them, and the tests parse real answers with them. Objects are strict, so a field an
 * answer carries but this file does not describe fails those tests.
 */

const time = z.iso.datetime({ offset: true }).describe('ISO-8601 date and time with the offset of the event timezone');
const utcTime = z.iso.datetime().describe('ISO-8601 date and time in UTC');
const id = z.int().positive();
const count = z.int().nonnegative();
const lang = z.enum(['lv', 'en']);

export const Quota = z
  .strictObject({
    id,
    name: z.string().describe('The pool’s name (Latvian)'),
    nameEn: z.string().describe('The pool’s name in English (the Latvian name where none was given)'),
    size: count.describe('Places in the pool'),
    left: count.describe('Places not yet confirmed to anyone (never below 0)'),
    sessionIds: z.array(id).describe('The sessions whose confirmed seats all count against this one pool'),
  })
  .describe('A pool of places shared by one or more sessions');

export const Session = z.strictObject({
  id,
  kind: z.enum(['plenary', 'workshop', 'seminar']),
  title: z.string().describe('In the language of the answer'),
  regionId: z.string().nullable().describe('null: open to every region'),
  startsAt: time,
  endsAt: time,
  capacityLeft: count
    .nullable()
    .describe('Places left: the smallest `left` of the pools covering the session; null when unlimited'),
  audience: z
    .enum(['municipality_staff', 'school_staff'])
    .nullable()
    .describe('Who a seminar is meant for; null for everyone'),
  place: z.string().nullable().describe('Where it is held; null when online'),
  address: z.string().nullable().describe('Street address of the place, for sessions held in person'),
  streamPagePath: z
    .string()
    .nullable()
    .describe('Path of the open stream page of a regional plenary; null for other sessions'),
});

export const Question = z
  .strictObject({
    id: id.describe('The key of the answer in `answers`'),
    type: z
      .enum(QUESTION_TYPES)
      .describe(
        'short_text (at most 300 characters), long_text (at most 2000, may hold line breaks), single_choice ' +
          '(one option key), multiple_choice (an array of option keys), yes_no (a boolean), number (a number, ' +
          'at most two decimals, within min and max)',
      ),
    required: z.boolean().describe('Must be answered; an optional question may be left out'),
    label: z.string().describe('In the language of the answer (Latvian when there is no English)'),
    help: z.string().describe('Help text in the language of the answer; empty when there is none'),
    options: z
      .array(z.strictObject({ key: z.string().describe('What the answer holds'), label: z.string() }))
      .describe('The options of a choice question that may be chosen now; empty for other types'),
    min: z.int().nullable().describe('The smallest number accepted (number questions); null: no lower bound'),
    max: z.int().nullable().describe('The largest number accepted (number questions); null: no upper bound'),
  })
  .describe("One of the event's own registration questions");

/** Answers of a registration by question id, as the person gave them. */
export const AnswerValues = z
  .record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.number()]))
  .describe(
    'Answers by question id: a string (short_text, long_text; the option key of a single_choice), an array ' +
      'of option keys (multiple_choice), a boolean (yes_no) or a number. Unanswered questions are left out; ' +
      'answers to questions the event no longer asks are kept',
  );

export const Event = z
  .strictObject({
    slug: z.string(),
    title: z.string().describe('In the language of the answer'),
    kind: z
      .enum(EVENT_KINDS)
      .describe(
        'conference: each region has a plenary, workshops are optional; ' +
          'seminar_series: a registration chooses at least one seminar; ' +
          'course: a registration holds a place in every session of the course, all confirmed or all ' +
          'waitlisted, and is cancelled whole; single: one session (a supervision or a workshop)',
      ),
    timezone: z.string().describe('IANA timezone of the event, e.g. Europe/Riga'),
    registration: z.strictObject({
      opensAt: time,
      closesAt: time,
      open: z.boolean().describe('Whether registrations are accepted now'),
    }),
    regions: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    sessions: z.array(Session).describe('Scheduled sessions (cancelled ones are left out)'),
    quotas: z.array(Quota),
    questions: z
      .array(Question)
      .describe(
        "The event's own questions, in the order the form asks them; answered in the registration body's " +
          '`answers`. Empty when the event asks none',
      ),
    participantData: z
      .boolean()
      .describe(
        "Whether the event asks for ESF+ participant data: then the registration body's `participantData` is " +
          'taken (every answer optional, undisclosed by default); otherwise sending it is 400 not_asked',
      ),
  })
  .describe('A published event and its programme');

export const RegistrationItem = z.strictObject({
  sessionId: id,
  status: z
    .enum(['confirmed', 'held', 'offered', 'waitlisted', 'cancelled'])
    .describe(
      "confirmed: the place is the person's. held: the place is kept until the address confirms the " +
        'registration (by holdExpiresAt), then it returns to the queue. offered: a freed place kept for the ' +
        'person to accept or decline (POST …/items/{sessionId}/accept or /decline) by offerExpiresAt. ' +
        'waitlisted: in the queue (waitlistPosition). Held and offered places count against the pools like ' +
        'confirmed ones; only a confirmed place gets the calendar invitation, reminders and the join link',
    ),
  waitlistPosition: z.int().positive().nullable().describe('1 is next in line; null unless the status is waitlisted'),
  holdExpiresAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe('With status held: when the place returns to the queue unless the address confirms it; else null'),
  offerExpiresAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe('With status offered: when the offer passes to the next person unless accepted; else null'),
});

export const Registration = z
  .strictObject({
    id,
    status: z.enum(['active', 'cancelled']),
    regionId: z.string(),
    email: z.string(),
    items: z
      .array(RegistrationItem)
      .describe('One item per chosen session; the plenary of the chosen region is included as confirmed'),
    answers: AnswerValues,
    manageUrl: z.url().describe('The personal page where the person sees and changes the registration'),
    certificates: z
      .array(
        z.strictObject({
          number: z.string().describe('The readable number, sequential per event, e.g. SVB-0007'),
          hours: z.number().nonnegative().describe('Professional development hours (one decimal)'),
          status: z.enum(['valid', 'revoked', 'replaced']),
          pdfUrl: z.url().describe('The certificate as a PDF (A4), in the language of the registration'),
          verifyUrl: z.url().describe('The public verification page (also in the QR code on the PDF)'),
        }),
      )
      .describe('Professional development certificates issued to the person for this event, oldest first'),
  })
  .describe("A person's registration, as its manage token shows it");

export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'already_registered',
  'registration_closed',
  'session_full',
  'not_allowed',
  'offer_lapsed',
  'busy',
  'payload_too_large',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'internal',
] as const;
/** Compile-time check: the codes above are exactly the domain's codes and `internal`. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyCode: Same<(typeof ERROR_CODES)[number], ErrorCode | 'internal'> = true;

export const ErrorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES),
      message: z.string().describe('Localized (lv or en: `?lang=`, else Accept-Language)'),
      reason: z
        .enum(REFUSAL_REASONS)
        .optional()
        .describe(
          'not_allowed only, where the code alone does not say why: attendance_too_early (the session’s join ' +
            'window has not opened), nothing_ended (no session of the event has ended, so no hours count yet)',
        ),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .describe(
          'invalid_input only: field name -> localized message; "_" when the body as a whole was refused ' +
            '(not JSON). Absent when no single field is to blame.',
        ),
    }),
  })
  .describe('Every error answer of the API');

export const QuotaChange = z.strictObject({
  quota: Quota,
  promoted: count.describe('How many people moved from the waitlist to a confirmed seat'),
});

const personEmail = z
  .string()
  .nullable()
  .describe('Null for a person an organizer registered by hand without an e-mail (they get no messages)');
const personPhone = z
  .string()
  .nullable()
  .describe('The phone number an organizer noted ("+37120000000"), organizers only; null when none');

export const Registrant = z.strictObject({
  id,
  name: z.string(),
  email: personEmail,
  phone: personPhone,
  needsCall: z
    .boolean()
    .describe(
      'True for a person without an e-mail who got a place from the waitlist after registering: ' +
        'no message told them, an organizer must phone them',
    ),
  institution: z.string(),
  municipalityId: z.string(),
  municipality: z.string().describe('Name of the municipality, in the language of the answer'),
  role: z.enum(ROLES),
  regionId: z.string(),
  language: lang,
  status: z.enum(['active', 'cancelled']),
  createdAt: utcTime,
  consentAt: utcTime,
  seats: z
    .array(
      z.strictObject({
        sessionId: id,
        title: z.string(),
        status: z.enum(['confirmed', 'held', 'offered', 'waitlisted', 'cancelled']),
        attended: z.boolean(),
      }),
    )
    .describe('Workshop and seminar seats (plenaries are left out)'),
});

export const RegistrantList = z.strictObject({
  total: count.describe('Registrations matching the filters, on all pages'),
  page: z.int().min(1).describe('The page asked for (pages past the end are empty)'),
  pageSize: z.int().positive(),
  registrations: z.array(Registrant),
});

const reportCounts = {
  registered: count.describe('Active registrations (not cancelled)'),
  people: count.describe('Unique people among them, by e-mail address'),
  plenary: count.describe('Registrations with a confirmed place in a plenary'),
  workshop: count.describe('Registrations with a confirmed place in a workshop'),
  seminar: count.describe('Registrations with a confirmed place in a seminar'),
  waitlisted: count.describe('Registrations with at least one place on a waitlist'),
  attended: count.describe('Registrations marked present in at least one session'),
  attendedHoursTenths: count.describe(
    'Professional-development hours of the attended sessions, in tenths of an hour (35 = 3.5 hours)',
  ),
  certificates: count.describe('Certificates issued and still valid'),
};

export const ReportRow = z.strictObject({
  key: z.string().describe('Region id, municipality id, role, or the institution as typed (lower-case)'),
  label: z.string().describe('What a reader sees, in the language of the answer'),
  ...reportCounts,
});

export const ReportQuestion = z
  .strictObject({
    id: z.int().positive().describe('The question (Event.questions[].id)'),
    label: z.string().describe('The question, in the language of the answer'),
    type: z.enum(['single_choice', 'multiple_choice', 'yes_no']),
    archived: z.boolean().describe('No longer asked; its answers are kept'),
    answered: count.describe('Active registrations in scope that answered it'),
    choices: z
      .array(
        z.strictObject({
          key: z.string().describe('The option key (yes or no for a yes/no question)'),
          label: z.string().describe('What a reader sees, in the language of the answer'),
          retired: z.boolean().describe('No longer offered; still counted in the answers that chose it'),
          count: count.describe('Active registrations in scope that chose it'),
        }),
      )
      .describe('Every option in the order offered; a multiple choice counts each chosen option'),
  })
  .describe('Counts per choice of one question among the active registrations');

export const ReportSession = z
  .strictObject({
    sessionId: z.int().positive(),
    label: z.string().describe('The session told apart from others of its title: title — day and time · place'),
    kind: z.enum(['plenary', 'workshop', 'seminar']),
    startsAt: time,
    confirmed: count.describe('Confirmed places'),
    waitlisted: count.describe('Places on its waitlist'),
    attended: count.describe('Places marked present'),
    joinedOnly: count.describe('Places whose person joined by their personal link but is not marked present'),
    minutes: count
      .nullable()
      .describe('Minutes in the session that meeting reports gave its people, together; null: no report read'),
  })
  .describe('One session of an event with its places');

const programmeCounts = {
  people: count.describe(
    'Unique people: by e-mail address, upper and lower case alike; a registration without one is a person of its own',
  ),
  registrations: count.describe('Registrations with a confirmed place (one person, one event)'),
  repeaters: count.describe('Of the people, those with a confirmed place in two or more events'),
};
const programmeRow = {
  key: z.string(),
  label: z.string().describe('What a reader sees, in the language of the answer'),
  ...programmeCounts,
};
const programmeTotals = z
  .strictObject(programmeCounts)
  .describe(
    'Every person once and every registration once: the rows may add up to more, as a person may be in several',
  );
const programmeTable = (rows: string) =>
  z.strictObject({ rows: z.array(z.strictObject(programmeRow)).describe(rows), totals: programmeTotals });
const day = z.iso.date().describe('A Riga day, YYYY-MM-DD');

export const ProgrammeReport = z
  .strictObject({
    madeAt: time.describe('When the report was made (Riga time)'),
    period: z
      .strictObject({ from: day.nullable(), to: day.nullable() })
      .describe('The days asked for; without them the first and last day of a counted session (null: none)'),
    regions: z
      .array(z.strictObject({ id: z.string(), name: z.string() }))
      .nullable()
      .describe("The regions counted: a coordinator's; null for an admin (all)"),
    totals: programmeTotals,
    byRegion: programmeTable('Every region (a coordinator: theirs), in programme order, zeros too'),
    byMunicipality: programmeTable('Every municipality of the regions in scope, in Latvian alphabetical order'),
    byRole: programmeTable('Every role, in form order'),
    byEvent: z.strictObject({
      rows: z
        .array(
          z.strictObject({
            ...programmeRow,
            key: z.string().describe('The event id'),
            slug: z.string(),
            firstSession: time.nullable().describe('The start of its first counted session'),
            lastSession: time.nullable().describe('The start of its last counted session'),
          }),
        )
        .describe('Events not in draft or cancelled (and any with participants), by their first session'),
      totals: programmeTotals,
    }),
    bySession: z.strictObject({
      rows: z
        .array(
          z.strictObject({
            ...programmeRow,
            key: z.string().describe('The session id'),
            sessionId: z.int().positive(),
            event: z.string().describe("The event's title"),
            kind: z.enum(['plenary', 'workshop', 'seminar']),
            startsAt: time,
          }),
        )
        .describe('Sessions not cancelled, starting in the period, in order of time'),
      totals: programmeTotals,
    }),
    repeat: z.strictObject({
      rows: z
        .array(z.strictObject({ events: z.int().positive(), people: count }))
        .describe('How many people took part in exactly 1, 2, 3… events'),
      twoOrMore: count.describe('People in two or more events'),
    }),
  })
  .describe(
    "The whole programme's report (a coordinator's regions only). A participation is a confirmed place of an " +
      'active registration in a session not cancelled; held, offered and waitlisted places and cancelled ' +
      'registrations do not count',
  );

export const Report = z
  .strictObject({
    by: z.enum(['region', 'municipality', 'institution', 'role']),
    rows: z
      .array(ReportRow)
      .describe(
        'Every region, municipality (of the regions in scope) and role even with zeros; institutions that have ' +
          'registrations. Regions in programme order, roles in form order, the rest in Latvian alphabetical order',
      ),
    totals: z.strictObject(reportCounts).describe('Sums of the rows'),
    sessions: z
      .array(ReportSession)
      .describe(
        "Every session of the event in order of time (a coordinator: their regions' and every region's), with " +
          'the places of the registrations in scope',
      ),
    questions: z
      .array(ReportQuestion)
      .describe(
        "The event's single choice, multiple choice and yes/no questions: the asked ones in form order, then " +
          'archived ones that active registrations in scope had answered',
      ),
  })
  .describe("The funder's report of an event (a coordinator's regions only)");

/** The envelopes the routes answer with. */
export const EventListAnswer = z.strictObject({ events: z.array(Event) });
export const EventAnswer = z.strictObject({ event: Event });
export const RegistrationAnswer = z.strictObject({ registration: Registration });

/**
 * The answer to a registration on an event that confirms addresses: the same whether the
 * address was new or already registered, and without the manage link, which goes to the
 * address alone (the person confirms there).
 */
export const PendingRegistration = z
  .strictObject({
    id: z.null().describe('Not told until the address confirms the registration'),
    status: z.literal('active'),
    regionId: z.string(),
    email: z.string(),
    items: z
      .array(RegistrationItem)
      .describe(
        'One item per session asked for: held (a place kept until holdExpiresAt), waitlisted (with position), ' +
          'or confirmed (the open plenary, which needs no confirmation)',
      ),
    manageUrl: z.null().describe('The manage link is e-mailed to the address only'),
    confirmation: z.strictObject({
      sentTo: z.string().describe('The address the confirmation message went to'),
      confirmBy: z.iso
        .datetime({ offset: true })
        .nullable()
        .describe('When held places return to the queue unless confirmed; null when nothing is held or waiting'),
    }),
  })
  .describe('A registration waiting for its address to confirm it');

export const CreateRegistrationAnswer = z.strictObject({ registration: z.union([Registration, PendingRegistration]) });

/** A registration as the organizer API answers it: the person's details, never their manage link. */
export const OrganizerRegistration = z
  .strictObject({
    id,
    status: z.enum(['active', 'cancelled']),
    regionId: z.string(),
    name: z.string(),
    email: personEmail,
    phone: personPhone,
    institution: z.string(),
    municipalityId: z.string(),
    role: z.enum(ROLES),
    language: lang,
    consentSource: z
      .enum(['phone', 'paper', 'email', 'in_person'])
      .nullable()
      .describe('How an organizer obtained the consent; null when the person registered themselves online'),
    items: z.array(RegistrationItem),
  })
  .describe('A registration as organizers see it');
export const OrganizerRegistrationAnswer = z.strictObject({ registration: OrganizerRegistration });
/** Professional development: attendance, moving a session, certificates. */
export const AttendanceResult = z.strictObject({
  marked: count.describe('Confirmed seats of the session the list named: all of them count as attended now'),
  unknown: z
    .array(z.string())
    .describe('Addresses (lower-cased) without a confirmed seat in the session; nothing was marked for them'),
});

export const AttendanceReportResult = z
  .strictObject({
    attended: z
      .array(z.string())
      .describe(
        'E-mail addresses (as registered) of the people whose minutes reach the event’s threshold: attended now',
      ),
    below: z
      .array(z.strictObject({ email: z.string(), minutes: count }))
      .describe('People in the report with fewer minutes than the threshold: not attended (the report decides)'),
    unmatched: z
      .array(z.strictObject({ name: z.string(), email: z.string().nullable(), minutes: count }))
      .describe(
        'Rows whose address names no confirmed seat of the session (guests, other addresses); they wait in the ' +
          'back office for a manual match',
      ),
  })
  .describe(
    'Minutes are whole minutes of the union of a person’s connections inside the session’s window; attended when ' +
      'minutes ≥ attendanceThresholdPercent (default 80) % of the session’s length',
  );

/** People a programme change could not e-mail (registered by phone): the organizer phones them. */
const toCall = z
  .array(
    z.strictObject({
      registrationId: id,
      name: z.string(),
      phone: z
        .string()
        .nullable()
        .describe('As kept: "+371" and 8 digits for a Latvian number, else "+" and the digits; null where none'),
    }),
  )
  .describe('People with no e-mail who were not told (registered by phone): phone them. Not counted in `notified`');

export const SessionMove = z.strictObject({
  session: z.strictObject({ id, startsAt: time, endsAt: time }),
  notified: count.describe('Confirmed people e-mailed a calendar update (people without an e-mail are in toCall)'),
  toCall,
});

export const SessionMovesAnswer = z.strictObject({
  sessions: z.array(z.strictObject({ id, startsAt: time, endsAt: time })),
  notified: count.describe(
    'People e-mailed, each in ONE message naming every one of their sessions that moved (people without an ' +
      'e-mail are in toCall)',
  ),
  toCall,
});

const inLanguages = z.strictObject({ lv: z.string(), en: z.string() });
const hoursText = z
  .string()
  .regex(/^\d{1,2}(\.\d)?$/)
  .describe('Hours, e.g. "1.5"');

/** An event's certificate settings as stored (PUT …/certificate-settings answers them). */
export const CertificateSettings = z.strictObject({
  enabled: z.boolean(),
  issuer: inLanguages,
  signatoryName: z.string(),
  signatoryTitle: inLanguages,
  approval: z.strictObject({
    number: z.string().nullable(),
    date: z.string().nullable().describe('YYYY-MM-DD'),
    authority: inLanguages,
  }),
  numberPrefix: z.string(),
  rule: z.enum(['attended', 'all_confirmed']),
  minHours: hoursText,
  attendanceThresholdPercent: z.int().min(1).max(100),
  plenaryAttendance: z
    .enum(PLENARY_ATTENDANCE_MODES)
    .describe('How the open plenary stream is attended: confirm (the joined list confirmed) or second-join'),
  sessionHours: z.record(z.string(), hoursText).describe('Hours of every session of the event, by session id'),
});

export const CertificateSettingsAnswer = z.strictObject({ settings: CertificateSettings });

export const CertificateIssue = z.strictObject({
  issued: count.describe('Certificates issued now (each e-mailed with its PDF)'),
  skipped: count.describe('People with confirmed seats who got none now: they hold one already, or are not eligible'),
});

/** The query of the public event list: its filters (domain/eventFilters.ts); each given must match. */
export const EventListQuery = z.object({
  kind: z
    .enum(EVENT_KINDS, { error: 'invalid_choice' })
    .optional()
    .describe('Only events of this kind (conference, seminar_series, course or single); any other value is a 400'),
  region: z
    .string({ error: 'invalid_choice' })
    .max(32, 'invalid_choice')
    .optional()
    .describe(
      'Only events held in this region (a region id: riga, vidzeme, kurzeme, zemgale, latgale) or open to every ' +
        'region (none of their sessions has a region); an unknown region is a 400',
    ),
  month: z
    .string({ error: 'invalid_month' })
    .regex(MONTH, 'invalid_month')
    .optional()
    .describe('Only events with a scheduled session starting in this month, Riga time: YYYY-MM (2027-02)'),
  audience: z
    .enum(AUDIENCES, { error: 'invalid_choice' })
    .optional()
    .describe(
      'Only events with a scheduled session for this audience or open to everyone (a session without an ' +
        'audience); any other value is a 400',
    ),
});

/** PATCH /admin/events/{slug}: how the event treats its scarce places, after the change. */
export const PlaceSettingsAnswer = z.strictObject({
  event: z.strictObject({
    slug: z.string(),
    addressConfirmation: z.strictObject({
      enabled: z
        .boolean()
        .nullable()
        .describe("The event's own setting; null follows the server's ADDRESS_CONFIRMATION"),
      effective: z.boolean().describe('Whether new registrations of the event are held until their address confirms'),
      holdMinutes: z.int().positive(),
    }),
    waitlist: z.strictObject({ mode: z.enum(['auto', 'offer']), offerHours: z.int().positive() }),
  }),
});

/** A person named in a group request, as the requester may know them. */
const GroupPersonAnswer = z.strictObject({
  name: z.string(),
  email: z.string(),
  outcome: z
    .enum(['registered', 'already_registered', 'sent'])
    .describe(
      'registered: a registration of their own was made (items as for anyone); already_registered: the address ' +
        'had one, nothing was made, and the address was told; sent: the event confirms addresses, a message went ' +
        'to the address, and the items are what it was told (held until its confirmation, or waitlisted)',
    ),
  items: z.array(RegistrationItem),
});

export const GroupRequestAnswer = z.strictObject({
  group: z.strictObject({
    manageUrl: z
      .url()
      .nullable()
      .describe("The group's page; null where the event confirms addresses (it is e-mailed to the coordinator)"),
    registrations: z.array(GroupPersonAnswer).describe('In the order of the list'),
  }),
});

/** A group as its link shows it, to its coordinator. */
export const GroupAnswer = z.strictObject({
  group: z.strictObject({
    event: z.string().describe('The event slug'),
    regionId: z.string(),
    open: z.boolean().describe('The group may be changed (its event has not started)'),
    manageUrl: z.url(),
    coordinator: z.strictObject({
      name: z.string(),
      email: z.string(),
      institution: z.string(),
      municipality: z.string(),
    }),
    people: z.array(
      z.strictObject({
        registrationId: id,
        name: z.string(),
        email: z.string(),
        status: z.enum(['active', 'cancelled']),
        awaitingConfirmation: z.boolean().describe("The person's address has not confirmed the registration yet"),
        items: z.array(RegistrationItem),
      }),
    ),
    notAdded: z
      .array(z.strictObject({ name: z.string(), email: z.string() }))
      .describe('People named whose address had a registration already: not registered twice'),
  }),
});

/** DELETE /registrations/{token} of a registration that holds a certificate: the address confirms it. */
export const AddressConfirmationAnswer = z.strictObject({
  confirmation: z.strictObject({
    sentTo: z.string().describe('The address the link to confirm went to'),
    action: z.literal('cancel'),
  }),
});

/** Counts of people under each answer of a question (every answer, zeros too). */
const distribution = <T extends readonly string[]>(answers: T, what: string) =>
  z
    .strictObject(Object.fromEntries(answers.map((a) => [a, count])) as Record<T[number], typeof count>)
    .describe(`${what}: people per answer; undisclosed also counts those who told nothing`);

const participantCounts = {
  participants: count.describe(
    'Unique people (lower-cased e-mail; a registration without one is a person of its own) marked as attending ' +
      'at least one session that is not the open plenary',
  ),
  gender: distribution(GENDERS, 'Gender'),
  ageBand: distribution(AGE_BANDS, 'Age band'),
  education: distribution(EDUCATION_LEVELS, 'Education (ISCED)'),
  employment: distribution(EMPLOYMENT_STATUSES, 'Employment status'),
  disadvantages: z
    .strictObject(
      Object.fromEntries(DISADVANTAGES.map((d) => [d, distribution(FLAG_ANSWERS, d)])) as Record<
        (typeof DISADVANTAGES)[number],
        ReturnType<typeof distribution<typeof FLAG_ANSWERS>>
      >,
    )
    .describe('ESF+ disadvantage indicators; without the explicit consent a person counts as undisclosed'),
};

export const ParticipantsActivity = z
  .strictObject({
    slug: z.string().describe('The event (Event.slug)'),
    title: z.string().describe('In the language of the answer'),
    ...participantCounts,
  })
  .describe('One event that asks for participant data; each person counted once, by their latest data there');

export const ParticipantsReport = z
  .strictObject({
    activities: z
      .array(ParticipantsActivity)
      .describe('Every event that asks for participant data (zeros too), in the order of their first session'),
    total: z
      .strictObject(participantCounts)
      .describe('All activities together, each person once by their latest data (not the sum of the activities)'),
  })
  .describe('The ESF+ participants report');
