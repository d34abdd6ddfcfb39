/** OpenAPI 3.1 description of JSON API v1, served at /api/v1/openapi.json. */
export function openApiDocument(baseUrl: string) {
  const error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            enum: [
              'invalid_input',
              'not_found',
              'already_registered',
              'registration_closed',
              'session_full',
              'not_allowed',
              'busy',
              'payload_too_large',
              'rate_limited',
              'unauthorized',
              'forbidden',
              'internal',
            ],
          },
          message: { type: 'string', description: 'Localized (lv or en by Accept-Language or ?lang=)' },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  };
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const time = { type: 'string', format: 'date-time', description: 'ISO-8601 with the offset of the event timezone' };
  return {
    openapi: '3.1.0',
    info: { title: 'Event registration API', version: '1.0.0' },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths: {
      '/events': {
        get: {
          summary: 'Published events',
          responses: {
            200: {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { events: { type: 'array', items: { $ref: '#/components/schemas/Event' } } },
                  },
                },
              },
            },
          },
        },
      },
      '/events/{slug}': {
        get: {
          summary: 'One published event',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'OK',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { event: { $ref: '#/components/schemas/Event' } } },
                },
              },
            },
            404: errorResponse('No such event'),
          },
        },
      },
      '/events/{slug}/registrations': {
        post: {
          summary: 'Register a person',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RegistrationInput' } } },
          },
          responses: {
            201: {
              description: 'Registered: items say confirmed or waitlisted (with position)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { registration: { $ref: '#/components/schemas/Registration' } },
                  },
                },
              },
            },
            400: errorResponse('invalid_input, with fields'),
            404: errorResponse('No such event'),
            409: errorResponse('already_registered (the manage link is e-mailed again) or registration_closed'),
            413: errorResponse('Body too large'),
            429: errorResponse('Too many requests'),
          },
        },
      },
      '/registrations/{token}': {
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          summary: 'A registration by its manage token',
          responses: {
            200: {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { registration: { $ref: '#/components/schemas/Registration' } },
                  },
                },
              },
            },
            404: errorResponse('Unknown token'),
          },
        },
        delete: {
          summary: 'Cancel the registration (idempotent); freed places go to the waitlist',
          responses: {
            200: {
              description: 'The cancelled registration',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { registration: { $ref: '#/components/schemas/Registration' } },
                  },
                },
              },
            },
            404: errorResponse('Unknown token'),
          },
        },
      },
    },
    components: {
      schemas: {
        Error: error,
        Event: {
          type: 'object',
          properties: {
            slug: { type: 'string' },
            title: { type: 'string' },
            kind: { type: 'string', enum: ['conference', 'seminar_series'] },
            timezone: { type: 'string' },
            registration: { type: 'object', properties: { opensAt: time, closesAt: time, open: { type: 'boolean' } } },
            regions: {
              type: 'array',
              items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
            },
            sessions: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' },
                  kind: { type: 'string', enum: ['plenary', 'workshop', 'seminar'] },
                  title: { type: 'string' },
                  regionId: { type: ['string', 'null'] },
                  startsAt: time,
                  endsAt: time,
                  capacityLeft: { type: ['integer', 'null'], description: 'null when unlimited' },
                  audience: {
                    type: ['string', 'null'],
                    enum: ['municipality_staff', 'school_staff', null],
                    description: 'seminars only',
                  },
                  place: { type: ['string', 'null'], description: 'where it is held; null when online' },
                  address: { type: ['string', 'null'] },
                  streamPagePath: {
                    type: ['string', 'null'],
                    description: 'path of the open stream page of a plenary',
                  },
                },
              },
            },
            quotas: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' },
                  name: { type: 'string' },
                  size: { type: 'integer' },
                  left: { type: 'integer' },
                  sessionIds: { type: 'array', items: { type: 'integer' } },
                },
              },
            },
          },
        },
        RegistrationInput: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'email', 'institution', 'municipality', 'role', 'regionId', 'language', 'consent'],
          properties: {
            name: { type: 'string', maxLength: 200 },
            email: { type: 'string', format: 'email', maxLength: 254 },
            institution: { type: 'string', maxLength: 200 },
            municipality: { type: 'string', description: 'Municipality id, e.g. "riga"' },
            role: {
              type: 'string',
              enum: ['teacher', 'support_specialist', 'school_leader', 'municipality_specialist', 'parent', 'other'],
            },
            regionId: { type: 'string' },
            sessionIds: {
              type: 'array',
              items: { type: 'integer' },
              maxItems: 30,
              description: 'Workshops or seminars; [] for plenary only',
            },
            language: { type: 'string', enum: ['lv', 'en'] },
            consent: { const: true },
          },
        },
        Registration: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            status: { type: 'string', enum: ['active', 'cancelled'] },
            regionId: { type: 'string' },
            email: { type: 'string' },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  sessionId: { type: 'integer' },
                  status: { type: 'string', enum: ['confirmed', 'waitlisted', 'cancelled'] },
                  waitlistPosition: { type: ['integer', 'null'] },
                },
              },
            },
            manageUrl: { type: 'string', format: 'uri' },
          },
        },
      },
    },
  };
}
