import { z } from 'zod';
import { OrganizerRegistrationBody, PlaceSettingsBody, RegistrantPatchBody, SizeBody } from './admin/schemas.js';
import { AttendanceBody, CertificateSettingsBody, SessionMovesBody, SessionTimesBody } from './admin/pdSchemas.js';
import { CloneBatchPublishAnswer, ProgrammeCloneAnswer, ProgrammeCloneBody } from './admin/cloneSchemas.js';
import * as answers from './apiSchemas.js';
import { AddItemBody, AnswersBody, GroupBody, GroupPeopleBody, RegistrationBody, SwapBody } from './schemas.js';

/**
 * The schemas of the OpenAPI document (openapi.ts), generated from the zod schemas the
 * routes validate with (request bodies, query) and the tests check answers with
 * (apiSchemas.ts), and read as OpenAPI 3.0.
 */

export type Json = Record<string, unknown>;

/** Request bodies, as a client sends them (zod's input side: defaults make fields optional). */
const REQUEST_SCHEMAS: Record<string, z.ZodType> = {
  RegistrationInput: RegistrationBody,
  QuotaSizeInput: SizeBody,
  AddItemInput: AddItemBody,
  AnswersInput: AnswersBody,
  OrganizerRegistrationInput: OrganizerRegistrationBody,
  RegistrantPatchInput: RegistrantPatchBody,
  AttendanceInput: AttendanceBody,
  SessionTimesInput: SessionTimesBody,
  SessionMovesInput: SessionMovesBody,
  CertificateSettingsInput: CertificateSettingsBody,
  PlaceSettingsInput: PlaceSettingsBody,
  GroupInput: GroupBody,
  GroupPeopleInput: GroupPeopleBody,
  SwapInput: SwapBody,
  ProgrammeCloneInput: ProgrammeCloneBody,
};

/** Answers, named in components.schemas; anything not named here is inlined where used. */
const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  Error: answers.ErrorBody,
  Event: answers.Event,
  EventList: answers.EventListAnswer,
  EventAnswer: answers.EventAnswer,
  Session: answers.Session,
  Quota: answers.Quota,
  Question: answers.Question,
  Registration: answers.Registration,
  RegistrationItem: answers.RegistrationItem,
  RegistrationAnswer: answers.RegistrationAnswer,
  PendingRegistration: answers.PendingRegistration,
  CreateRegistrationAnswer: answers.CreateRegistrationAnswer,
  PlaceSettingsAnswer: answers.PlaceSettingsAnswer,
  GroupRequestAnswer: answers.GroupRequestAnswer,
  GroupAnswer: answers.GroupAnswer,
  AddressConfirmationAnswer: answers.AddressConfirmationAnswer,
  QuotaChange: answers.QuotaChange,
  Registrant: answers.Registrant,
  RegistrantList: answers.RegistrantList,
  OrganizerRegistration: answers.OrganizerRegistration,
  OrganizerRegistrationAnswer: answers.OrganizerRegistrationAnswer,
  AttendanceResult: answers.AttendanceResult,
  AttendanceReportResult: answers.AttendanceReportResult,
  SessionMove: answers.SessionMove,
  SessionMovesAnswer: answers.SessionMovesAnswer,
  CertificateIssue: answers.CertificateIssue,
  CertificateSettingsAnswer: answers.CertificateSettingsAnswer,
  Report: answers.Report,
  ReportSession: answers.ReportSession,
  ProgrammeReport: answers.ProgrammeReport,
  ProgrammeCloneAnswer,
  CloneBatchPublishAnswer,
  ParticipantsReport: answers.ParticipantsReport,
};

const SCHEMA_PREFIX = '#/components/schemas/';
export const ref = (name: string) => ({ $ref: `${SCHEMA_PREFIX}${name}` });

/** OpenAPI 3.0 reading of what zod emits, fixed up where zod's output is not the whole truth. */
function tidy(node: unknown, opts: { openObjects: boolean }): void {
  if (Array.isArray(node)) {
    for (const item of node) tidy(item, opts);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const json = node as Json;
  delete json.$id;
  delete json.$schema;
  // Formats say it better than zod's long regular expressions for them.
  if (json.format === 'date-time' || json.format === 'email') delete json.pattern;
  // OpenAPI 3.0: a nullable enum admits null only when null is one of its values.
  if (json.nullable === true && Array.isArray(json.enum) && !json.enum.includes(null)) json.enum.push(null);
  // Answers may gain fields within v1 (clients ignore what they do not know); requests are strict.
  if (opts.openObjects && json.additionalProperties === false) delete json.additionalProperties;
  for (const value of Object.values(json)) tidy(value, opts);
}

function componentSchemas(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'openapi-3.0',
    io,
    uri: (id) => `${SCHEMA_PREFIX}${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      // On the input side a piped e-mail shows only the string it starts from.
      const def = zodSchema._zod.def;
      if (def.type === 'pipe' && (def as z.core.$ZodPipeDef).out instanceof z.ZodEmail) {
        jsonSchema.format = 'email';
      }
    },
  });
  const out = schemas as Record<string, Json>;
  tidy(out, { openObjects: io === 'output' });
  return out;
}

/** The query of the organizer list, one parameter per field of RegistrantQuery. */
export function queryParameters(schema: z.ZodObject): Json[] {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Json;
  tidy(json, { openObjects: false });
  const properties = json.properties as Record<string, Json>;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: false, description, schema: rest };
  });
}

let cachedSchemas: Record<string, Json> | null = null;

/** components.schemas: generated once, then shared by every document. */
export function allSchemas(): Record<string, Json> {
  cachedSchemas ??= { ...componentSchemas(REQUEST_SCHEMAS, 'input'), ...componentSchemas(RESPONSE_SCHEMAS, 'output') };
  return cachedSchemas;
}
