import { DateTime } from 'luxon';
import { z } from 'zod';
import { COMPLIANCE } from '../../domain/accessibilityStatement.js';
import { QUESTION_TYPES, type OptionInput } from '../../domain/questions.js';
import { REPORT_COUNTS, type ReportCount } from '../../domain/report.js';
import { ZONE } from '../../domain/time.js';
import { CONSENT_SOURCES, EVENT_KINDS } from '../../domain/types.js';
import { emailAddress, MAX_ID, param, phoneNumber, RegistrationBody, safeLine, safeText } from '../schemas.js';

/** A one-line text: no control, bidi-control or lone surrogate characters (safeLine). */
const line = (max: number) => z.string().trim().max(max, `too_long:${max}`).refine(safeLine, 'invalid_characters');
const text = (max: number) =>
  z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(max, `too_long:${max}`)
    .refine(safeLine, 'invalid_characters');
/** A long text: as a line, but newlines and tabs are kept (safeText). */
const longText = (max: number) =>
  z.string().max(max, `too_long:${max}`).refine(safeText, 'invalid_characters').default('');
const optionalUrl = line(500)
  .refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), 'invalid_url')
  .transform((v) => (v === '' ? null : v));

/** `<input type="datetime-local">` holds wall-clock time in Riga; store the instant in UTC. */
const rigaDateTime = z
  .string({ error: 'invalid_date' })
  .refine((v) => DateTime.fromISO(v, { zone: ZONE }).isValid, 'invalid_date')
  .transform((v) => DateTime.fromISO(v, { zone: ZONE }).toUTC().toISO() ?? v);

export function toRigaInput(utc: string): string {
  return DateTime.fromISO(utc, { zone: 'utc' }).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm");
}

export const EventForm = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'invalid_slug')
    .max(100, 'too_long:100'),
  kind: z.enum(EVENT_KINDS, { error: 'invalid_choice' }),
  titleLv: text(300),
  titleEn: text(300),
  descriptionLv: longText(5000),
  descriptionEn: longText(5000),
  opensAt: rigaDateTime,
  closesAt: rigaDateTime,
  reminderHours: z.coerce
    .number({ error: 'invalid' })
    .int('invalid')
    .min(0, 'invalid')
    .max(24 * 14, 'invalid'),
  joinLinkMinutes: z.coerce
    .number({ error: 'invalid' })
    .int('invalid')
    .min(0, 'invalid')
    .max(24 * 60, 'invalid')
    .default(30),
  retentionDays: z.coerce
    .number({ error: 'invalid' })
    .int('invalid')
    .min(1, 'invalid')
    .max(3650, 'invalid')
    .default(365),
  /** A checkbox: the registration asks for ESF+ participant data. */
  participantData: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
});

export const SessionForm = z.object({
  kind: z.enum(['plenary', 'workshop', 'seminar'], { error: 'invalid_choice' }),
  regionId: z
    .string()
    .max(32)
    .transform((v) => (v === '' ? null : v)),
  titleLv: text(300),
  titleEn: text(300),
  descriptionLv: longText(5000),
  descriptionEn: longText(5000),
  startsAt: rigaDateTime,
  endsAt: rigaDateTime,
  streamUrl: optionalUrl,
  joinUrl: optionalUrl,
  place: line(300).transform((v) => (v === '' ? null : v)),
  address: line(300)
    .default('')
    .transform((v) => (v === '' ? null : v)),
  speakersLv: longText(2000),
  speakersEn: longText(2000),
  /** Origins the stream page may frame (space-separated https origins). */
  embedOrigins: z
    .string()
    .trim()
    .max(500, 'too_long:500')
    .default('')
    .refine((v) => v === '' || v.split(/\s+/).every((o) => /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(o)), 'invalid_url')
    .transform((v) => (v === '' ? null : v.split(/\s+/).join(' '))),
  audience: z
    .enum(['', 'municipality_staff', 'school_staff'], { error: 'invalid_choice' })
    .default('')
    .transform((v) => (v === '' ? null : v)),
});

const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number({ error: 'unknown_session' }).int().positive().max(MAX_ID, 'unknown_session')),
);

/** A count typed into a form: plain decimal digits only (no 1e3, no 0x10). */
const count = z
  .string({ error: 'invalid_size' })
  .trim()
  .regex(/^\d{1,6}$/, 'invalid_size')
  .transform(Number)
  .pipe(z.number().max(100_000, 'invalid_size'));

export const QuotaForm = z.object({
  name: text(200),
  /** The pool's name on English pages; empty: the Latvian name. */
  nameEn: z.string().max(200, 'too_long:200').refine(safeLine, 'invalid_characters').default(''),
  size: count,
  sessionIds: ids,
});

export const SizeForm = z.object({
  size: count,
});

/** The organizer API's quota size: a JSON number (the form's digits-only string is SizeForm). */
export const SizeBody = z.strictObject({
  size: z
    .number({ error: 'invalid_size' })
    .int('invalid_size')
    .min(0, 'invalid_size')
    .max(100_000, 'invalid_size')
    .describe('The new number of places; below the confirmed count is refused (fields.size)'),
});

export const RegistrantQuery = z.object({
  region: z
    .string()
    .max(32, 'too_long:32')
    .refine(safeLine, 'invalid_characters')
    .optional()
    .describe('Region id; a coordinator may ask only for their own regions (403)'),
  session: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ID)
    .optional()
    .catch(undefined)
    .describe(
      'Only people holding a seat (not cancelled) in this session — a workshop, a seminar or the plenary; an invalid ' +
        'value is ignored',
    ),
  contact: z
    .enum(['phone'])
    .optional()
    .catch(undefined)
    .describe('phone: only people without an e-mail (registered by phone); an invalid value is ignored'),
  status: z
    .enum(['confirmed', 'held', 'offered', 'waitlisted', 'cancelled', 'active'])
    .optional()
    .catch(undefined)
    .describe(
      'confirmed, held, offered or waitlisted: a workshop or seminar seat in that status; active or cancelled: the ' +
        'registration; an invalid value is ignored',
    ),
  municipality: z
    .string()
    .max(64, 'too_long:64')
    .refine(safeLine, 'invalid_characters')
    .optional()
    .describe('Municipality id'),
  role: z
    .string()
    .max(32, 'too_long:32')
    .refine(safeLine, 'invalid_characters')
    .optional()
    .describe('Role, as in the registration body'),
  q: z
    .string()
    .max(200, 'too_long:200')
    .refine(safeLine, 'invalid_characters')
    .optional()
    .describe('Text in the name, e-mail or institution (case-insensitive)'),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1)
    .catch(1)
    .describe('Page of the JSON answer (pageSize people each); an invalid value means 1'),
  format: z
    .enum(['csv', 'xlsx', 'json'])
    .optional()
    .catch(undefined)
    .describe(
      'csv or xlsx: every matching row as a download, one row per person and session; json or absent: one page as JSON',
    ),
  dialect: z
    .enum(['comma', 'excel'])
    .optional()
    .catch(undefined)
    .describe(
      'With format=csv: comma (default; comma-separated UTF-8 for software) or excel (semicolon-separated UTF-8 ' +
        'with a BOM, as Excel in Latvian settings opens it)',
    ),
});

/** The funder's report: grouped `by` one dimension; a download in a format (and CSV dialect). */
export const ReportQuery = z.object({
  by: z
    .enum(['region', 'municipality', 'institution', 'role'])
    .default('region')
    .catch('region')
    .describe('Grouping: region (default), municipality, institution or role; another value means region'),
  region: z
    .string()
    .max(32, 'too_long:32')
    .refine(safeLine, 'invalid_characters')
    .optional()
    .describe("Only this region (a region id); outside a coordinator's regions is 403"),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .optional()
    .catch(undefined)
    .describe('json (default for the API), csv or xlsx (a download); another value means the default'),
  dialect: z
    .enum(['comma', 'excel'])
    .optional()
    .catch(undefined)
    .describe('With format=csv: comma (default) or excel (semicolon-separated, UTF-8 with a BOM)'),
  columns: z
    .string({ error: 'invalid' })
    .max(300, 'too_long:300')
    .refine(safeLine, 'invalid_characters')
    .optional()
    .describe(
      `The columns of a csv or xlsx download, comma-separated (${REPORT_COUNTS.join(', ')}); every count when absent. JSON always gives every count. An unknown name is 400`,
    ),
  table: z
    .enum(['groups', 'sessions'])
    .optional()
    .catch(undefined)
    .describe(
      'With format=csv|xlsx: groups (default; the table grouped `by`) or sessions (a row per session: confirmed, ' +
        'waitlisted, attended)',
    ),
});

/** A Riga day as `<input type="date">` sends it; an empty field is no limit. */
const reportDay = z
  .string({ error: 'invalid_day' })
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'invalid_day')
  .refine((v) => v === '' || DateTime.fromISO(v, { zone: ZONE }).isValid, 'invalid_day')
  .optional()
  .transform((v) => v || undefined);

export const PROGRAMME_TABLES = ['region', 'municipality', 'role', 'event', 'session', 'repeat'] as const;
export type ProgrammeTableName = (typeof PROGRAMME_TABLES)[number];

/** The whole programme's report: a period of Riga days, a download in a format (and CSV dialect). */
export const ProgrammeReportQuery = z.object({
  from: reportDay.describe('Only sessions starting on or after this Riga day (YYYY-MM-DD)'),
  to: reportDay.describe('Only sessions starting on or before this Riga day (YYYY-MM-DD)'),
  format: ReportQuery.shape.format,
  dialect: ReportQuery.shape.dialect,
  table: z
    .enum(PROGRAMME_TABLES)
    .default('region')
    .catch('region')
    .describe(
      'With format=csv: which table (region by default, municipality, role, event, session or repeat); ' +
        'XLSX holds every table, a sheet each',
    ),
});

/** The ESF+ participants report: JSON, or a download in a format (and CSV dialect), as the funder's report. */
export const ParticipantsReportQuery = ReportQuery.pick({ format: true, dialect: true });

/** Cloning an event: the new address and the new first day (`<input type="date">`, Riga). */
export const CloneForm = z.object({
  slug: EventForm.shape.slug,
  firstDay: z
    .string({ error: 'invalid_day' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_day')
    .refine((v) => DateTime.fromISO(v, { zone: ZONE }).isValid, 'invalid_day'),
});

/** The report page: the API's query, and a checkbox per count (a form without JavaScript cannot join them). */
const countBox = () => z.literal('1').optional().catch(undefined);
export const ReportPageQuery = ReportQuery.extend(
  Object.fromEntries(REPORT_COUNTS.map((c) => [`col_${c}`, countBox()])) as Record<
    `col_${ReportCount}`,
    ReturnType<typeof countBox>
  >,
);

/** The audit and access logs' filters: who, what, on what, between which days (Riga, yyyy-mm-dd). */
export const LogQuery = z.object({
  before: param(20),
  actor: param(254),
  action: param(64),
  targetType: param(32),
  targetId: param(200),
  from: param(10),
  to: param(10),
  /** Sign-ins and sign-outs shown too (the audit log leaves them out otherwise). */
  signIns: param(1),
});

export const AnnouncementForm = z.object({
  subject: z.string().max(200, 'too_long:200').refine(safeLine, 'invalid_characters'),
  text: z.string().max(10_000, 'too_long:10000').refine(safeText, 'invalid_characters'),
  subjectEn: z.string().max(200, 'too_long:200').refine(safeLine, 'invalid_characters').default(''),
  textEn: z.string().max(10_000, 'too_long:10000').refine(safeText, 'invalid_characters').default(''),
  region: z.string().max(32).optional(),
  session: z.coerce.number().int().positive().max(MAX_ID).optional().catch(undefined),
  status: z.enum(['confirmed', 'waitlisted', 'active']).optional().catch(undefined),
  action: z.enum(['preview', 'send', 'test']).default('preview'),
});

/** The move confirmation page's target session (`?sessionId=`). */
export const MoveQuery = z.object({ sessionId: param(12) });

export const OrganizerForm = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'too_long:254')
    .pipe(z.email({ error: 'invalid_email' })),
  name: text(200),
  role: z.enum(['admin', 'coordinator'], { error: 'invalid_choice' }),
  regionIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(32))),
  password: z.string().max(200, 'too_long:200'),
});

const emailLine = line(254)
  .refine((v) => v !== '', 'required')
  .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'invalid_email');
/** A long text that must be given (newlines and tabs kept). */
const requiredText = (max: number) =>
  z
    .string({ error: 'required' })
    .trim()
    .min(1, 'required')
    .max(max, `too_long:${max}`)
    .refine(safeText, 'invalid_characters');

/** Cancelling a session: the message its people receive (Latvian; English optional). */
export const CancelSessionForm = z.object({
  messageLv: requiredText(5000),
  messageEn: longText(5000).transform((v) => v.trim()),
});

/** The notice a back-office page shows after an action (`?done=` and an optional count). */
export const NoticeQuery = z.object({ done: param(40), n: param(9) });

/** Who got the places an action freed: "seat.position,…" (features/registrants/actions.ts, placesGiven). */
export const GivenQuery = z.object({ given: param(300) });

/** Whom a programme change could not e-mail, for the banner (registrants' withCalls). */
export const CallQuery = z.object({ call: param(60), calls: param(9), callSession: param(9) });

const registrantShape = {
  ...RegistrationBody.pick({
    name: true,
    email: true,
    institution: true,
    municipality: true,
    role: true,
    language: true,
  }).shape,
  phone: phoneNumber.describe('A phone number (organizers only): digits, spaces and a leading "+"'),
};

/**
 * The back office's edit of a registrant's details (every field as the public form checks
 * it). E-mail and phone may be left empty: then they stay as they are.
 */
export const RegistrantForm = z.object({
  ...registrantShape,
  email: registrantShape.email.optional(),
  phone: registrantShape.phone.optional(),
});

/** The organizer API's edit: any of the fields, nothing else. */
export const RegistrantPatchBody = z.strictObject(registrantShape).partial();

/** The registrant page's "add an e-mail and send the confirmation" (a person registered by phone). */
export const AddEmailForm = z.object({ email: emailAddress });

const consentSource = z
  .enum(CONSENT_SOURCES, { error: 'invalid_choice' })
  .describe('How the consent was obtained: phone, paper, email or in_person');

/**
 * The organizer API's registration by hand: the public body and how consent was obtained;
 * the e-mail may be left out for a person who called and has none, given a phone number
 * (one of the two is required: `email_or_phone` on both fields otherwise).
 */
// ESF+ participant data is the person's own to give (its special categories on their own consent): not by an organizer.
export const OrganizerRegistrationBody = RegistrationBody.omit({ participantData: true })
  .extend({
    email: emailAddress
      .nullable()
      .optional()
      .describe(
        'The person’s address: their confirmation and manage link go there. May be left out (or null) for a ' +
          'person who registered by phone: then `phone` is required, no e-mail is sent, and an organizer tells ' +
          'them their place or queue position (and can add an address later, which sends the confirmation)',
      ),
    phone: phoneNumber
      .nullable()
      .optional()
      .describe(
        'A phone number (organizers only, never shown to the public): digits, spaces and a leading "+"; a ' +
          'Latvian one is +371 and 8 digits (or the 8 digits alone). Required when `email` is left out',
      ),
    consentSource,
    allowSamePhone: z
      .boolean()
      .optional()
      .describe(
        'true adds the person even though an active registration of the event already has this phone (two people ' +
          'may share a school’s phone); without it such a phone is refused with 409 reason phone_registered',
      ),
  })
  .superRefine((body, check) => {
    if (body.email || body.phone) return;
    for (const path of ['email', 'phone']) check.addIssue({ code: 'custom', path: [path], message: 'email_or_phone' });
  });

/** The back office's "add a person by hand" form, checked as the API body after shaping. */
export const AddPersonForm = z.object({ consentSource });

/** The privacy notice's settings (GDPR Article 13): every text in Latvian and English. */
export const PrivacyForm = z.object({
  controllerLv: requiredText(1000),
  controllerEn: requiredText(1000),
  contactEmail: emailLine,
  contactPhone: line(40).default(''),
  dpoLv: requiredText(500),
  dpoEn: requiredText(500),
  dpoEmail: emailLine,
  purposesLv: requiredText(3000),
  purposesEn: requiredText(3000),
  legalBasisLv: requiredText(3000),
  legalBasisEn: requiredText(3000),
  recipientsLv: requiredText(3000),
  recipientsEn: requiredText(3000),
});

/** A day typed into `<input type="date">`: YYYY-MM-DD, a real day. */
const day = z
  .string({ error: 'invalid_day' })
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid, 'invalid_day');

/** The accessibility statement (Cabinet Regulation No. 445): the status, what does not comply, who evaluated, when. */
export const AccessibilityForm = z.object({
  status: z.enum(COMPLIANCE, { error: 'invalid_choice' }),
  nonConformitiesLv: longText(5000),
  nonConformitiesEn: longText(5000),
  alternativesLv: requiredText(3000),
  alternativesEn: requiredText(3000),
  evaluatedOn: day,
  evaluatedByLv: requiredText(500),
  evaluatedByEn: requiredText(500),
  contactEmail: emailLine,
  contactPhone: line(40).default(''),
  supervisorLv: requiredText(1000),
  supervisorEn: requiredText(1000),
});

/** A whole number typed into a form (a number question's bounds), or nothing. */
const wholeNumber = z
  .string({ error: 'invalid_whole_number' })
  .trim()
  .default('')
  .refine((v) => /^(-?\d{1,9})?$/.test(v), 'invalid_whole_number')
  .transform((v) => (v === '' ? null : Number(v)));

/** An event's own question; its option rows are read by `optionRowsFromForm`. */
export const QuestionForm = z.object({
  type: z.enum(QUESTION_TYPES, { error: 'invalid_choice' }),
  required: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  labelLv: text(300),
  labelEn: line(300).default(''),
  helpLv: longText(1000),
  helpEn: longText(1000),
  min: wholeNumber,
  max: wholeNumber,
});

/** An option row's fields: `opt_<key>_lv|en|remove` for an existing option, `new<n>_lv|en` for a new one. */
const OPTION_FIELD = /^(?:opt_(o\d{1,6})|(new\d{1,2}))_(lv|en|remove)$/;

/** The option rows of the question form, existing ones first, in the order the form sent them. */
export function optionRowsFromForm(body: unknown): OptionInput[] {
  const rows = new Map<string, OptionInput>();
  for (const [name, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const m = OPTION_FIELD.exec(name);
    if (!m) continue;
    const [, key, fresh, part] = m;
    const id = key ?? fresh ?? '';
    const row = rows.get(id) ?? { key: key ?? null, lv: '', en: '', remove: false };
    const value = typeof raw === 'string' ? raw : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '';
    if (part === 'remove') row.remove = value === 'yes';
    else row[part === 'lv' ? 'lv' : 'en'] = value.slice(0, 1000);
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => Number(a.key === null) - Number(b.key === null));
}

/** PATCH /api/v1/admin/events/:slug: how the event treats its scarce places (services/eventSettings.ts). */
export const PlaceSettingsBody = z
  .strictObject({
    addressConfirmation: z
      .strictObject({
        enabled: z
          .boolean({ error: 'invalid_choice' })
          .nullable()
          .optional()
          .describe("true or false for this event; null follows the server's ADDRESS_CONFIRMATION"),
        holdMinutes: z
          .int({ error: 'invalid_number' })
          .min(1, 'too_small:1')
          .max(1440, 'too_large:1440')
          .optional()
          .describe('How long a held place waits for its address (minutes, default 60)'),
      })
      .optional(),
    waitlist: z
      .strictObject({
        mode: z
          .enum(['auto', 'offer'], { error: 'invalid_choice' })
          .optional()
          .describe('auto: a freed place is confirmed for the first person waiting; offer: it is offered to them'),
        offerHours: z
          .int({ error: 'invalid_number' })
          .min(1, 'too_small:1')
          .max(168, 'too_large:168')
          .optional()
          .describe('How long an offered place waits for an answer (hours, default 24)'),
      })
      .optional(),
  })
  .refine((b) => b.addressConfirmation !== undefined || b.waitlist !== undefined, {
    message: 'required',
    path: ['_'],
  });

/** The back office's form of the same settings. */
export const PlaceSettingsForm = z.object({
  addressConfirmation: z.enum(['server', 'on', 'off'], { error: 'invalid_choice' }),
  holdMinutes: z.coerce
    .number({ error: 'invalid_number' })
    .int('invalid_number')
    .min(1, 'too_small:1')
    .max(1440, 'too_large:1440'),
  waitlistMode: z.enum(['auto', 'offer'], { error: 'invalid_choice' }),
  offerHours: z.coerce
    .number({ error: 'invalid_number' })
    .int('invalid_number')
    .min(1, 'too_small:1')
    .max(168, 'too_large:168'),
});
