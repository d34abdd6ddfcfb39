import { ParticipantsReportQuery, ProgrammeReportQuery, RegistrantQuery, ReportQuery } from './admin/schemas.js';
import { PUBLIC_CACHE_CONTROL } from './cachedBody.js';
import { EventListQuery } from './apiSchemas.js';
import { allSchemas, queryParameters, ref, type Json } from './openapiSchemas.js';
import { byIp, REGISTRATION_LIMITS } from './rateLimit.js';
import { JSON_BODY_LIMIT } from './schemas.js';

/**
 * The OpenAPI 3.0 document of JSON API v1, served at /api/v1/openapi.json. Every schema in
 * it is generated from the zod schemas the routes validate with (openapiSchemas.ts); only
 * the paths, parameters and shared answers are written here.
 */

const CSV_DESCRIPTION =
  'CRLF line ends. dialect=comma: comma-separated UTF-8 without BOM, times ISO 8601; dialect=excel: ' +
  'semicolon-separated UTF-8 with a BOM, times in Riga as YYYY-MM-DD HH:MM and days as YYYY-MM-DD, which ' +
  'Excel reads as dates (Excel in Latvian settings)';

/** An answer that is JSON (`jsonRef`) or, with `format=csv|xlsx`, a file named `filename`. */
const download = (description: string, jsonRef: string, filename: string): Json => ({
  description,
  headers: {
    'Content-Disposition': {
      description: `csv and xlsx only: \`attachment; filename="${filename}"\``,
      schema: { type: 'string' },
    },
  },
  content: {
    'application/json': { schema: ref(jsonRef) },
    'text/csv': { schema: { type: 'string', description: CSV_DESCRIPTION } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: { type: 'string', format: 'binary' },
    },
  },
});

const json = (schema: Json) => ({ 'application/json': { schema } });
const answer = (description: string, schemaName: string, headers?: Json) => ({
  description,
  ...(headers ? { headers } : {}),
  content: json(ref(schemaName)),
});
const error = (description: string, headers?: Json) => answer(description, 'Error', headers);
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const parameter = (name: string) => ({ $ref: `#/components/parameters/${name}` });

const PUBLIC: Json[] = [];
const BEARER = [{ bearerAuth: [] }];

const retryAfter = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
const publicCaching = {
  'Cache-Control': {
    description: `\`${PUBLIC_CACHE_CONTROL}\`: a browser or proxy may reuse the answer briefly, then revalidate`,
    schema: { type: 'string' },
  },
  ETag: { description: 'Weak validator for If-None-Match', schema: { type: 'string' } },
};

/** e.g. "at most 600 per 10 minutes per client address" */
const limits = REGISTRATION_LIMITS.map((rule) => {
  const per = rule.key === byIp ? 'client address' : rule.name;
  return `at most ${rule.max} per ${rule.windowMs / 60_000} minutes per ${per}`;
}).join(', ');

export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Event registration API',
      version: '1.0.0',
      description: [
        'JSON API v1 of the registration platform: published events, registrations, and the organizer API.',
        '',
        'Texts (titles, error messages) are in Latvian or English: `?lang=lv|en`, else the Accept-Language',
        'header, else Latvian. Times are ISO-8601 with an offset.',
        '',
        'Request bodies are strict: an unknown field is refused with 400 invalid_input. Answers may gain',
        'fields within v1; clients ignore fields they do not know.',
        '',
        'Every error answers `{"error":{"code","message","fields"?}}`; a fault of the server is',
        '500 with code `internal`. 429 and 503 say in Retry-After when to try again.',
      ].join('\n'),
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    tags: [
      { name: 'Events', description: 'Published events and their programme' },
      { name: 'Registrations', description: 'Registering, and a registration by its manage token' },
      { name: 'Groups', description: "A school coordinator's group of registrations, and the group by its link" },
      { name: 'Organizers', description: 'Organizer API: `Authorization: Bearer <API token>`' },
      { name: 'Meta', description: 'This document' },
    ],
    paths: {
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['Meta'],
          summary: 'This OpenAPI document',
          security: PUBLIC,
          responses: {
            200: { description: 'OpenAPI 3.0 document', content: json({ type: 'object' }) },
            304: response('NotModified'),
          },
        },
      },
      '/events': {
        get: {
          operationId: 'listEvents',
          tags: ['Events'],
          summary: 'Published events',
          security: PUBLIC,
          parameters: [...queryParameters(EventListQuery), parameter('Lang')],
          responses: {
            200: answer(
              'Every published event the filters given match (all of them without filters)',
              'EventList',
              publicCaching,
            ),
            304: response('NotModified'),
            400: error('invalid_input: an unknown kind, region or audience, or a month not written YYYY-MM'),
            503: response('Busy'),
          },
        },
      },
      '/events/{slug}': {
        get: {
          operationId: 'getEvent',
          tags: ['Events'],
          summary: 'One published event',
          security: PUBLIC,
          parameters: [parameter('Slug'), parameter('Lang')],
          responses: {
            200: answer('The event', 'EventAnswer', publicCaching),
            304: response('NotModified'),
            404: error('not_found: no published event with this slug'),
            503: response('Busy'),
          },
        },
      },
      '/events/{slug}/registrations': {
        post: {
          operationId: 'createRegistration',
          tags: ['Registrations'],
          summary: 'Register a person',
          description:
            'Each chosen workshop or seminar is confirmed when every pool covering it has a place, ' +
            'otherwise the person is waitlisted for it (with a position). The manage link is e-mailed.',
          security: PUBLIC,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('RegistrationInput'),
                example: {
                  name: 'Anna Bērziņa',
                  email: 'anna.berzina@example.lv',
                  institution: 'Rīgas 1. pamatskola',
                  municipality: 'riga',
                  role: 'teacher',
                  regionId: 'riga',
                  sessionIds: [],
                  language: 'lv',
                  answers: { '7': ['1-4', '5-9'], '8': 'Ratiņkrēsls' },
                  consent: true,
                },
              },
            },
          },
          responses: {
            201: answer(
              'Registered. Where the event confirms addresses (the default): a PendingRegistration — places ' +
                'held until the address confirms them from the e-mail (holdExpiresAt) or waitlisted, no id and ' +
                'no manage link (it goes to the address only), and the very same answer whether or not the ' +
                'address was registered already (that address is e-mailed its link instead). Otherwise a ' +
                'Registration: items confirmed or waitlisted (with position) and the manage link',
              'CreateRegistrationAnswer',
            ),
            400: error(
              'invalid_input with fields: a field breaks its schema, or the programme refuses it ' +
                '(unknown region, municipality or session, overlapping or begun sessions, a seminar series ' +
                'without a seminar, an answer the event\'s question refuses, under "answers.<id>"); without ' +
                'fields: the body is not JSON or not `application/json`',
            ),
            404: error('not_found: no published event with this slug'),
            409: error(
              'already_registered (only where the event does not confirm addresses): this e-mail has an active ' +
                'registration for the event; the address is e-mailed its link (a new one, the old one ending, ' +
                'when the old one was ever handed out in an answer); registration_closed: outside the ' +
                'registration window',
            ),
            413: response('PayloadTooLarge'),
            429: response('RateLimited'),
            503: response('Busy'),
          },
        },
      },
      '/events/{slug}/groups': {
        post: {
          operationId: 'registerGroup',
          tags: ['Groups'],
          summary: 'A school coordinator registers up to 30 people',
          description:
            'Each person becomes a registration of their own (the coordinator’s institution and municipality, the ' +
            'group’s region and language), under the same caps as anyone: with k places left, the first k in the ' +
            'list get them and the rest wait in list order at consecutive positions. Each person gets their own ' +
            'message and link (where the event confirms addresses, their address confirms their place); the ' +
            'coordinator gets one message listing everyone and the group’s page. An address that has a ' +
            'registration already is not registered twice. ' +
            limits,
          security: PUBLIC,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('GroupInput'),
                example: {
                  coordinator: {
                    name: 'Ilze Kalniņa',
                    email: 'ilze.kalnina@example.lv',
                    institution: 'Rīgas 1. pamatskola',
                    municipality: 'riga',
                  },
                  regionId: 'riga',
                  language: 'lv',
                  consent: true,
                  people: [
                    { name: 'Anna Bērziņa', email: 'anna.berzina@example.lv', sessionIds: [12] },
                    { name: 'Juris Liepa', email: 'juris.liepa@example.lv', sessionIds: [] },
                  ],
                },
              },
            },
          },
          responses: {
            201: answer('What became of each person, in list order', 'GroupRequestAnswer'),
            400: error(
              'invalid_input with fields named by their path: people.<n>.<field> (as in the registration body; ' +
                'duplicate_in_group for an address twice in the list), coordinator.<field>, regionId, consent, ' +
                'people (no_people, too_many)',
            ),
            404: error('not_found: no published event with this slug'),
            409: error('registration_closed: outside the registration window'),
            413: response('PayloadTooLarge'),
            429: response('RateLimited'),
            503: response('Busy'),
          },
        },
      },
      '/groups/{token}': {
        parameters: [parameter('GroupToken'), parameter('Lang')],
        get: {
          operationId: 'getGroup',
          tags: ['Groups'],
          summary: 'A group by its link',
          security: PUBLIC,
          responses: {
            200: answer('The group, with every person and their places', 'GroupAnswer'),
            404: error('not_found: unknown group link'),
            503: response('Busy'),
          },
        },
      },
      '/groups/{token}/people': {
        parameters: [parameter('GroupToken'), parameter('Lang')],
        post: {
          operationId: 'addToGroup',
          tags: ['Groups'],
          summary: 'Add people to the group',
          description:
            'As when the group was made: in list order, after everyone queued before. Until the event starts.',
          security: PUBLIC,
          requestBody: { required: true, content: { 'application/json': { schema: ref('GroupPeopleInput') } } },
          responses: {
            201: answer('The group after the change', 'GroupAnswer'),
            400: error('invalid_input with fields people.<n>.<field>, or people (too_many: over 30 in the group)'),
            404: error('not_found: unknown group link'),
            409: error('not_allowed: the event has started'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/groups/{token}/people/{registrationId}': {
        parameters: [parameter('GroupToken'), parameter('RegistrationId'), parameter('Lang')],
        patch: {
          operationId: 'swapInGroup',
          tags: ['Groups'],
          summary: 'Give a person’s place to someone else',
          description:
            'The place stays (held, confirmed, offered or waiting, in the same position). The previous person’s ' +
            'link ends, their calendar entries are cancelled and they are told; the new person gets a link of their ' +
            'own (where the event confirms addresses, the place is held until their address confirms it). Until the ' +
            'event starts.',
          security: PUBLIC,
          requestBody: { required: true, content: { 'application/json': { schema: ref('SwapInput') } } },
          responses: {
            200: answer('The group after the change', 'GroupAnswer'),
            400: error('invalid_input with fields name or email (email_registered: that address has a registration)'),
            404: error('not_found: unknown group link, or no active person of the group with this id'),
            409: error('not_allowed: the event has started'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
        delete: {
          operationId: 'cancelFromGroup',
          tags: ['Groups'],
          summary: 'Cancel a person of the group',
          description: 'Their places go to the waitlist at once, and they are told. Until the event starts.',
          security: PUBLIC,
          responses: {
            200: answer('The group after the change', 'GroupAnswer'),
            404: error('not_found: unknown group link, or no active person of the group with this id'),
            409: error('not_allowed: the event has started'),
            503: response('Busy'),
          },
        },
      },
      '/registrations/{token}': {
        parameters: [parameter('Token'), parameter('Lang')],
        get: {
          operationId: 'getRegistration',
          tags: ['Registrations'],
          summary: 'A registration by its manage token',
          security: PUBLIC,
          responses: {
            200: answer('The registration', 'RegistrationAnswer'),
            304: response('NotModified'),
            404: error('not_found: unknown token'),
            503: response('Busy'),
          },
        },
        delete: {
          operationId: 'cancelRegistration',
          tags: ['Registrations'],
          summary: 'Cancel the registration',
          description:
            'Idempotent: cancelling a cancelled registration answers it again. Freed places go to the ' +
            'waitlist at once. A registration that holds a certificate is cancelled only on its address’s ' +
            'word: the answer is 202 and the address is sent a link (valid 24 hours) to confirm it.',
          security: PUBLIC,
          responses: {
            200: answer('The cancelled registration', 'RegistrationAnswer'),
            202: answer(
              'Nothing cancelled yet: a certificate is at stake, and the address was sent a link to confirm',
              'AddressConfirmationAnswer',
            ),
            404: error('not_found: unknown token'),
            409: error('not_allowed: another request cancelled it at the same moment; read it again'),
            503: response('Busy'),
          },
        },
      },
      '/registrations/{token}/items': {
        parameters: [parameter('Token'), parameter('Lang')],
        post: {
          operationId: 'addRegistrationItem',
          tags: ['Registrations'],
          summary: 'Add a workshop or seminar to the registration',
          description:
            'By the same rule as registering: a confirmed place when every pool covering the session has ' +
            'room, otherwise the end of its waitlist (the item carries the exact position). Also a session ' +
            'given up earlier can be chosen again this way. The person is e-mailed what they now hold.',
          security: PUBLIC,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('AddItemInput'), example: { sessionId: 12 } } },
          },
          responses: {
            200: answer(
              'The registration with the new item (confirmed, or waitlisted with position)',
              'RegistrationAnswer',
            ),
            400: error(
              'invalid_input with fields.sessionId: unknown_session (not a workshop or seminar on offer in the ' +
                'registration’s region, or cancelled), already_chosen (held already), session_started (begun), ' +
                'sessions_overlap (at a time the registration already has a session); without fields: the body ' +
                'is not JSON or not `application/json`',
            ),
            404: error('not_found: unknown token'),
            409: error(
              'registration_closed: outside the registration window; not_allowed: the registration is cancelled',
            ),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/registrations/{token}/items/{sessionId}/accept': {
        parameters: [parameter('Token'), parameter('ItemSessionId'), parameter('Lang')],
        post: {
          operationId: 'acceptOffer',
          tags: ['Registrations'],
          summary: 'Accept a place offered from the waitlist',
          description:
            'On an event whose waitlist offers freed places, the first person waiting holds the place as ' +
            '`offered` until offerExpiresAt. Accepting makes it confirmed (a course: every session at once) and ' +
            'e-mails the confirmation with the calendar invitation.',
          security: PUBLIC,
          responses: {
            200: answer('The registration with the place confirmed', 'RegistrationAnswer'),
            404: error('not_found: unknown token, or no place of this session is offered to the registration'),
            409: error('offer_lapsed: the deadline passed and the place went on; not_allowed: cancelled'),
            503: response('Busy'),
          },
        },
      },
      '/registrations/{token}/items/{sessionId}/decline': {
        parameters: [parameter('Token'), parameter('ItemSessionId'), parameter('Lang')],
        post: {
          operationId: 'declineOffer',
          tags: ['Registrations'],
          summary: 'Decline a place offered from the waitlist',
          description:
            'The place goes to the next person in the queue at once, and the person leaves that waitlist (a ' +
            'course: the registration is cancelled).',
          security: PUBLIC,
          responses: {
            200: answer('The registration after declining', 'RegistrationAnswer'),
            404: error('not_found: unknown token, or no place of this session is offered to the registration'),
            409: error('offer_lapsed: the deadline passed and the place went on already; not_allowed: cancelled'),
            503: response('Busy'),
          },
        },
      },
      '/registrations/{token}/answers': {
        parameters: [parameter('Token'), parameter('Lang')],
        put: {
          operationId: 'changeRegistrationAnswers',
          tags: ['Registrations'],
          summary: "Change the answers to the event's questions",
          description:
            'Replaces the answers to every question the event asks now (Event.questions), checked as when ' +
            'registering; answers to questions the event no longer asks are kept. While registration is open.',
          security: PUBLIC,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('AnswersInput'),
                example: { answers: { '7': ['5-9'], '8': '' } },
              },
            },
          },
          responses: {
            200: answer('The registration with its answers now', 'RegistrationAnswer'),
            400: error(
              'invalid_input with fields "answers.<id>": required, too_long:N, invalid_characters, ' +
                'invalid_choice, invalid_number, too_small:N, too_large:N, unknown_question (localized ' +
                'messages); without fields: the body is not JSON or not `application/json`',
            ),
            404: error('not_found: unknown token'),
            409: error(
              'registration_closed: outside the registration window; not_allowed: the registration is cancelled',
            ),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/quotas/{id}': {
        patch: {
          operationId: 'resizeQuota',
          tags: ['Organizers'],
          summary: 'Change the size of a pool',
          description:
            'A raise confirms waiting people at once, first come first served; a cut below the confirmed ' +
            'count is refused. A coordinator may change only pools of their regions.',
          security: BEARER,
          parameters: [parameter('QuotaId'), parameter('Lang')],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('QuotaSizeInput'), example: { size: 120 } } },
          },
          responses: {
            200: answer('The pool after the change, and how many were promoted', 'QuotaChange'),
            400: error('invalid_input: fields.size (not an integer 0..100000, or below the confirmed count)'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such pool'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/events/{slug}': {
        patch: {
          operationId: 'changePlaceSettings',
          tags: ['Organizers'],
          summary: 'How an event treats its scarce places',
          description:
            'Admins only. addressConfirmation: whether new registrations hold their limited places until the ' +
            'address confirms them from the e-mail (enabled; null follows the server) and for how long ' +
            '(holdMinutes). waitlist: whether a freed place is confirmed for the first person waiting at once ' +
            '(auto) or offered to them for offerHours (offer). Applies from now on; audited.',
          security: BEARER,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('PlaceSettingsInput'),
                example: {
                  addressConfirmation: { enabled: true, holdMinutes: 60 },
                  waitlist: { mode: 'offer', offerHours: 24 },
                },
              },
            },
          },
          responses: {
            200: answer('The settings after the change', 'PlaceSettingsAnswer'),
            400: error('invalid_input with fields (holdMinutes 1..1440, offerHours 1..168, mode auto or offer)'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such event'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/programme/clones': {
        post: {
          operationId: 'cloneProgramme',
          tags: ['Organizers'],
          summary: 'Copy the programme for another year, as drafts',
          description:
            'Admins only. The events named are copied together (sessions but the cancelled ones, pools at the ' +
            'size they were made with, questions, certificate settings; no registrations), every date moved by ' +
            'whole weeks so that each session keeps its weekday and its wall-clock time in the event timezone. ' +
            'Each session says whether it falls on a Saturday, a Sunday or a Latvian public holiday. dryRun: ' +
            'answers what would be made and makes nothing. Otherwise the copies are made as drafts in one batch ' +
            '(all or nothing) and published with the batch’s publish call. Audited.',
          security: BEARER,
          parameters: [parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('ProgrammeCloneInput'),
                example: { events: ['skola-vecaki-berni'], weeks: 52, titlePattern: '{title} ({year})', dryRun: true },
              },
            },
          },
          responses: {
            200: answer('A dry run: what would be made (batch.id null)', 'ProgrammeCloneAnswer'),
            201: answer('The drafts made, in one batch', 'ProgrammeCloneAnswer'),
            400: error(
              'invalid_input: fields.events (none, unknown or cancelled), fields.weeks (1..260), ' +
                'fields.titlePattern (without {title}, or a title over 300 characters)',
            ),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/programme/clones/{id}/publish': {
        post: {
          operationId: 'publishProgrammeClone',
          tags: ['Organizers'],
          summary: 'Publish a copy of the programme: all its drafts together',
          description:
            'Admins only. Publishes every draft of the batch; if one cannot be published (no sessions, or a ' +
            'limited session without a pool), none is, and the answer names those in fields. Copies published ' +
            'or cancelled since are left as they are. Audited.',
          security: BEARER,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'The batch (batch.id of the clone); anything else is 404',
              schema: { type: 'integer', minimum: 1 },
            },
            parameter('Lang'),
          ],
          responses: {
            200: answer('How many drafts were published', 'CloneBatchPublishAnswer'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such batch'),
            409: error('not_allowed: fields name the events (by slug) that cannot be published yet'),
            503: response('Busy'),
          },
        },
      },
      '/admin/events/{slug}/registrations': {
        get: {
          operationId: 'listRegistrations',
          tags: ['Organizers'],
          summary: 'Registrations of an event, filtered; or an export',
          description:
            'A coordinator sees only the registrations of their regions. Every call is written to the ' +
            'audit log (the answer holds personal data). JSON answers one page; `format=csv|xlsx` every ' +
            'matching row as a file, one row per person and session (status, waitlist position, attended).',
          security: BEARER,
          parameters: [parameter('Slug'), ...queryParameters(RegistrantQuery), parameter('Lang')],
          responses: {
            200: download(
              'A page of registrations, or the CSV/XLSX file',
              'RegistrantList',
              '<slug>-registrations.<format>',
            ),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such event'),
            503: response('Busy'),
          },
        },
        post: {
          operationId: 'addRegistrationByHand',
          tags: ['Organizers'],
          summary: 'Register a person by hand (phone, paper, in person)',
          description:
            'The public registration body plus `consentSource` and an optional `phone`. The same capacity rule ' +
            'as registering online (confirmed, or waitlisted with an exact position) and the same e-mails; also ' +
            'outside the registration window. Audited. A coordinator registers only in their regions. ' +
            'A person who called and has no e-mail: leave `email` out (or null) and give `phone` — one of the ' +
            'two is required (400 with fields.email and fields.phone `email_or_phone` otherwise). Such a person ' +
            'is sent nothing: the answer says their place or waitlist position for the organizer to tell them; ' +
            'an e-mail added later (PATCH with `email`) sends the confirmation with the manage link then. ' +
            'When the waitlist gives them a place, no message goes and the registration list marks them ' +
            '`needsCall`; on an event that offers freed places they get the place at once (an offer could not ' +
            'reach them). The phone is private: organizers only, in lists and exports, erased with the person. ' +
            'A phone an active registration of the event already has is refused (409 phone_registered) unless ' +
            '`allowSamePhone` is true.',
          security: BEARER,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('OrganizerRegistrationInput'),
                examples: {
                  withEmail: {
                    summary: 'A person with an e-mail',
                    value: {
                      name: 'Jānis Ozols',
                      email: 'janis.ozols@example.lv',
                      institution: 'Ludzas pamatskola',
                      municipality: 'ludza',
                      role: 'parent',
                      regionId: 'latgale',
                      sessionIds: [],
                      language: 'lv',
                      consent: true,
                      consentSource: 'phone',
                    },
                  },
                  phoneOnly: {
                    summary: 'A caller without an e-mail',
                    value: {
                      name: 'Ieva Kalniņa',
                      phone: '+371 20000000',
                      institution: 'Ludzas pamatskola',
                      municipality: 'ludza',
                      role: 'parent',
                      regionId: 'latgale',
                      sessionIds: [],
                      language: 'lv',
                      consent: true,
                      consentSource: 'phone',
                    },
                  },
                },
              },
            },
          },
          responses: {
            201: answer('Registered', 'OrganizerRegistrationAnswer'),
            400: error(
              'invalid_input with fields, as for the public registration, and fields.consentSource; ' +
                'fields.email and fields.phone `email_or_phone` when neither is given; fields.phone ' +
                '`invalid_phone` for a number that is not one',
            ),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no published event with this slug'),
            409: error(
              'already_registered: this e-mail has an active registration for the event; not_allowed with reason ' +
                'phone_registered: an active registration of the event already has this phone (the same caller ' +
                'entered twice?) — send again with `allowSamePhone: true` if it is another person (a shared school ' +
                'phone)',
            ),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/registrations/{id}': {
        patch: {
          operationId: 'editRegistration',
          tags: ['Organizers'],
          summary: "Correct a registrant's details",
          description:
            'Any of name, email, phone, institution, municipality, role, language; the e-mail stays unique per ' +
            'event. The audit log keeps each changed field before and after. An e-mail given to a person ' +
            'registered without one sends them the confirmation with their manage link.',
          security: BEARER,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
            parameter('Lang'),
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: ref('RegistrantPatchInput'), example: { name: 'Anna Bērziņa-Ozola' } },
            },
          },
          responses: {
            200: answer('The registration as it is now', 'OrganizerRegistrationAnswer'),
            400: error('invalid_input with fields (fields.email email_registered: another registration has it)'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such registration'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      // Professional development: attendance, moving a session, certificates.
      '/admin/events/{slug}/attendance': {
        post: {
          operationId: 'markAttendance',
          tags: ['Organizers'],
          summary: 'Mark people present in a session by e-mail',
          description:
            'Everyone in the list with a confirmed seat in the session counts as attended (source `api`); ' +
            'a seat marked already keeps its time and source. A coordinator may mark only sessions of their regions. ' +
            'Refused before the session’s join window opens (the event’s join-link minutes before the start).',
          security: BEARER,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('AttendanceInput'),
                example: { sessionId: 2, emails: ['anna.berzina@example.lv'] },
              },
            },
          },
          responses: {
            200: answer('How many were marked, and the addresses that name no confirmed seat', 'AttendanceResult'),
            400: error('invalid_input: fields.sessionId or fields.emails'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such event, or the session is not one of it'),
            409: error(
              'not_allowed with reason attendance_too_early: the session’s join window has not opened yet (the ' +
                'message says when it opens); nothing was marked',
            ),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/sessions/{id}/attendance-report': {
        post: {
          operationId: 'takeAttendanceFromReport',
          tags: ['Organizers'],
          summary: 'Take attendance from the meeting’s own report (Zoom, Microsoft Teams)',
          description:
            'The body is the file as the meeting service exported it, bytes unchanged: Zoom’s participants CSV ' +
            '(„Name (Original Name)”, „User Email”, „Join Time”, „Leave Time”, „Duration (Minutes)”, „Guest”; with or ' +
            'without the meeting block above it; US or ISO times; UTF-8 with or without a BOM) or Teams’ attendance ' +
            'report (UTF-16 LE or UTF-8, tab- or comma-separated; „2. Participants” with „First Join”, „Last Leave”, ' +
            '„In-Meeting Duration”, „Email”, and „3. In-Meeting Activities” with one row a join). Times without an ' +
            'offset are read in the event’s time zone unless the file names one. Per person, matched to a confirmed ' +
            'seat by e-mail in any case: minutes are the union of their connections inside the session’s window ' +
            '(rejoins add up, parallel connections count once); attended (source `report`) when minutes reach the ' +
            'event’s `attendanceThresholdPercent` (default 80) of the session’s length, otherwise not attended. The ' +
            'minutes are kept with the seat. Rows that match no confirmed seat replace the session’s earlier ' +
            'unmatched rows and wait in the back office for a manual match (the seat of the same name is ' +
            'suggested). A coordinator may send reports only for sessions of their regions.',
          security: BEARER,
          parameters: [parameter('SessionId'), parameter('Lang')],
          requestBody: {
            required: true,
            content: Object.fromEntries(
              ['text/csv', 'text/tab-separated-values', 'text/plain', 'application/octet-stream'].map((type) => [
                type,
                { schema: { type: 'string', format: 'binary' } },
              ]),
            ),
          },
          responses: {
            200: answer(
              'Who attended, who was in it too briefly, and the rows that matched nobody',
              'AttendanceReportResult',
            ),
            400: error(
              'invalid_input: fields.file names what is wrong: the columns a readable report needs, a time it ' +
                'cannot read (and its column), an empty file, or a body that is not a file',
            ),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such session'),
            409: error(
              'not_allowed with reason attendance_too_early: the session’s join window has not opened yet; nothing ' +
                'was marked',
            ),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/sessions/{id}': {
        patch: {
          operationId: 'moveSession',
          tags: ['Organizers'],
          summary: 'Move a session to new times',
          description:
            'The same move as in the back office: everyone confirmed gets a calendar update (same UID, higher ' +
            'SEQUENCE) and a fresh reminder. People without an e-mail (registered by phone) are not counted in ' +
            '`notified` but listed in `toCall` with their phone, for the organizer to phone. Admins only.',
          security: BEARER,
          parameters: [parameter('SessionId'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('SessionTimesInput'),
                example: { startsAt: '2026-12-07T13:00:00+02:00', endsAt: '2026-12-07T15:00:00+02:00' },
              },
            },
          },
          responses: {
            200: answer('The session at its new times, and how many people were told', 'SessionMove'),
            400: error(
              'invalid_input: fields.startsAt or fields.endsAt (not a time with an offset, or not after the start)',
            ),
            401: response('Unauthorized'),
            403: error('forbidden: only admins move sessions'),
            404: error('not_found: no such session'),
            409: error('not_allowed: the session is cancelled'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/events/{slug}/sessions/moves': {
        post: {
          operationId: 'moveSessions',
          tags: ['Organizers'],
          summary: 'Move several sessions of an event in one change',
          description:
            'A regional day moved, or a programme rearranged: the sessions move together in one programme change, ' +
            'and each person is told in ONE message that names, for every one of their sessions that moved, what ' +
            'it was and what it is now ("bija … — tagad …"), with one calendar update per session. A session ' +
            'given its own times again changes nothing and tells nobody. People without an e-mail (registered by ' +
            'phone) are not counted in `notified` but listed in `toCall` with their phone. Admins only.',
          security: BEARER,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('SessionMovesInput'),
                example: {
                  moves: [
                    { sessionId: 1, startsAt: '2027-01-12T10:00:00+02:00', endsAt: '2027-01-12T11:30:00+02:00' },
                    { sessionId: 2, startsAt: '2027-01-12T12:00:00+02:00', endsAt: '2027-01-12T14:00:00+02:00' },
                  ],
                  messageLv: 'Reģiona diena pārcelta uz otrdienu.',
                  messageEn: 'The regional day moves to Tuesday.',
                },
              },
            },
          },
          responses: {
            200: answer('The sessions at their new times, and how many people were told', 'SessionMovesAnswer'),
            400: error(
              'invalid_input: fields.moves (empty, a session twice), fields.startsAt or fields.endsAt (not a time ' +
                'with an offset, or not after the start), fields.messageLv/messageEn (too long)',
            ),
            401: response('Unauthorized'),
            403: error('forbidden: only admins move sessions'),
            404: error('not_found: no such event, or a session is not one of it'),
            409: error('not_allowed: a session is cancelled'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/events/{slug}/certificates': {
        post: {
          operationId: 'issueCertificates',
          tags: ['Organizers'],
          summary: 'Issue certificates to everyone eligible',
          description:
            "Everyone eligible under the event's certificate settings who holds no certificate yet gets one " +
            '(the next number of the event) and an e-mail with the PDF. Only sessions that have ended count: ' +
            'a session still to come gives no hours yet. Issuing again issues only to the new ' +
            'ones. No body (or an empty object). Admins only.',
          security: BEARER,
          parameters: [parameter('Slug'), parameter('Lang')],
          responses: {
            200: answer('How many were issued now and how many were skipped', 'CertificateIssue'),
            400: error('invalid_input: a body with fields'),
            401: response('Unauthorized'),
            403: error('forbidden: only admins issue certificates'),
            404: error('not_found: no such event'),
            409: error(
              'not_allowed: certificates are turned off for the event; or reason nothing_ended: no session of the ' +
                'event has ended yet (the message says when the first one ends)',
            ),
            503: response('Busy'),
          },
        },
      },
      '/admin/events/{slug}/certificate-settings': {
        put: {
          operationId: 'putCertificateSettings',
          tags: ['Organizers'],
          summary: "Set an event's certificate settings",
          description:
            "The back office's certificate settings form, whole: on or off, the issuer, the signatory, the " +
            "programme approval's number, date and authority (printed on every certificate, as Cabinet " +
            'Regulation No. 569 asks), who is eligible, the attendance import threshold and the hours each ' +
            'session gives (sessions left out keep theirs; a number prefix left out stays). Certificates ' +
            'already issued keep what they say. Answers what was stored. Admins only.',
          security: BEARER,
          parameters: [parameter('Slug'), parameter('Lang')],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('CertificateSettingsInput'),
                example: {
                  enabled: true,
                  issuer: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
                  signatoryName: 'Žanete Ņikiforova',
                  signatoryTitle: { lv: 'Projekta vadītāja', en: 'Project manager' },
                  approval: {
                    number: 'VISC-2026/42',
                    date: '2026-09-01',
                    authority: { lv: 'Valsts izglītības satura centrs', en: 'National Centre for Education' },
                  },
                  rule: 'attended',
                  minHours: '1,5',
                  attendanceThresholdPercent: 80,
                  sessionHours: { '1': '2', '2': '1,5' },
                },
              },
            },
          },
          responses: {
            200: answer('The settings as stored, with the hours of every session', 'CertificateSettingsAnswer'),
            400: error(
              'invalid_input: fields.issuer.lv, fields.issuer.en or fields.signatoryName (required when enabled; ' +
                'too long), fields.approval.date (invalid_day: not YYYY-MM-DD), fields.minHours or ' +
                'fields.sessionHours.<id> (invalid_hours), fields.sessionHours.<id> (unknown_session), ' +
                'fields.attendanceThresholdPercent (1–100), fields.rule (invalid_choice)',
            ),
            401: response('Unauthorized'),
            403: error('forbidden: only admins set certificates'),
            404: error('not_found: no such event'),
            413: response('PayloadTooLarge'),
            503: response('Busy'),
          },
        },
      },
      '/admin/events/{slug}/report': {
        get: {
          operationId: 'report',
          tags: ['Organizers'],
          summary: "The funder's report of an event: people per region, municipality, institution or role",
          description:
            'A coordinator sees only their regions. `format=csv|xlsx` answers a file (written to the audit ' +
            'log): XLSX with a title, when it was made (Riga time), the filters, a frozen header and a row ' +
            'of totals; CSV as `dialect=comma` (default) or `dialect=excel`.',
          security: BEARER,
          parameters: [parameter('Slug'), ...queryParameters(ReportQuery), parameter('Lang')],
          responses: {
            200: download(
              'The report as JSON, or the CSV/XLSX file',
              'Report',
              '<slug>-report-<by|session>[-excel].<format>',
            ),
            400: error('invalid_input: fields.region (no region of this event)'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            404: error('not_found: no such event'),
            503: response('Busy'),
          },
        },
      },
      '/admin/reports/programme': {
        get: {
          operationId: 'programmeReport',
          tags: ['Organizers'],
          summary: "The whole programme's report: unique people per region, municipality, role, event and session",
          description:
            'Across every event: unique people (by e-mail address, upper and lower case alike; a registration ' +
            'without an address is a person of its own) with a confirmed place in a session not cancelled, and ' +
            'how many took part in two or more events. Held, offered and waitlisted places and cancelled ' +
            'registrations do not count. A coordinator sees only their regions. `from`/`to` keep the sessions ' +
            'starting on those Riga days. `format=xlsx` answers a workbook with every table, a sheet each, ' +
            'and `format=csv` one table (`table`), as `dialect=comma` (default) or `dialect=excel`; both are ' +
            'written to the audit log and named with the day they were made.',
          security: BEARER,
          parameters: [...queryParameters(ProgrammeReportQuery), parameter('Lang')],
          responses: {
            200: download(
              'The report as JSON, or the CSV/XLSX file',
              'ProgrammeReport',
              'programme-report[-<table>]-<YYYY-MM-DD>[-excel].<format>',
            ),
            400: error('invalid_input: fields.from or fields.to (not a day, or the end before the start)'),
            401: response('Unauthorized'),
            403: response('Forbidden'),
            503: response('Busy'),
          },
        },
      },
      '/admin/reports/participants': {
        get: {
          operationId: 'participantsReport',
          tags: ['Organizers'],
          summary:
            'The ESF+ participants report: people per activity and in total, by gender, age, education, employment',
          description:
            'Across every event that asks for participant data (Event.participantData): per event and in total, ' +
            'the unique people (lower-cased e-mail; a registration without one is a person of its own) marked as ' +
            'attending at least one session that is not the open plenary, and how many of them gave each answer ' +
            '(each person once, by their latest data; nothing told counts as undisclosed). The disadvantage ' +
            'indicators count only answers given with the explicit consent. Admins only: it covers every region ' +
            'and counts special categories of data. `format=csv|xlsx` answers a file (written to the audit log) ' +
            'with a row an activity and the total as its last row; CSV as `dialect=comma` (default) or ' +
            '`dialect=excel`.',
          security: BEARER,
          parameters: [...queryParameters(ParticipantsReportQuery), parameter('Lang')],
          responses: {
            200: download(
              'The report as JSON, or the CSV/XLSX file',
              'ParticipantsReport',
              'esf-participants[-excel].<format>',
            ),
            401: response('Unauthorized'),
            403: error('forbidden: only admins see the participants report'),
            503: response('Busy'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An organizer API token, made in the back office (Account) or with ' +
            "`npm run -s cli -- token:create --email E`. It acts with its organizer's role and regions.",
        },
      },
      parameters: {
        Slug: { name: 'slug', in: 'path', required: true, description: 'Event slug', schema: { type: 'string' } },
        GroupToken: {
          name: 'token',
          in: 'path',
          required: true,
          description: 'The group’s token, from its link (any other string is 404)',
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' },
        },
        RegistrationId: {
          name: 'registrationId',
          in: 'path',
          required: true,
          description: 'A person of the group (GroupAnswer.people[].registrationId)',
          schema: { type: 'integer', minimum: 1 },
        },
        ItemSessionId: {
          name: 'sessionId',
          in: 'path',
          required: true,
          description: 'The session of the item (Registration.items[].sessionId)',
          schema: { type: 'integer', minimum: 1 },
        },
        Token: {
          name: 'token',
          in: 'path',
          required: true,
          description: 'The manage token from the manage link (any other string is 404)',
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' },
        },
        SessionId: {
          name: 'id',
          in: 'path',
          required: true,
          description: 'Session id (Event.sessions[].id); anything else is 404',
          schema: { type: 'integer', minimum: 1 },
        },
        QuotaId: {
          name: 'id',
          in: 'path',
          required: true,
          description: 'Pool id (Event.quotas[].id); anything else is 404',
          schema: { type: 'integer', minimum: 1 },
        },
        Lang: {
          name: 'lang',
          in: 'query',
          required: false,
          description: 'Language of texts; without it the Accept-Language header decides, else Latvian',
          schema: { type: 'string', enum: ['lv', 'en'] },
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before trying again',
          schema: { type: 'integer', minimum: 1 },
        },
      },
      responses: {
        NotModified: { description: 'Not modified: If-None-Match matched the ETag' },
        PayloadTooLarge: error(`payload_too_large: the body is over ${JSON_BODY_LIMIT / 1024} KiB`),
        RateLimited: error(`rate_limited: too many registrations (${limits}) unless RATE_LIMIT=off`, retryAfter),
        Busy: error('busy: the database is busy (a lock wait ran out); try again after Retry-After', retryAfter),
        Unauthorized: error('unauthorized: no valid API token', {
          'WWW-Authenticate': { description: '`Bearer`', schema: { type: 'string' } },
        }),
        Forbidden: error("forbidden: outside the regions of the token's organizer"),
      },
      schemas: allSchemas(),
    },
  };
}
