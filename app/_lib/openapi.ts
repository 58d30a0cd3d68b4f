// The HTTP API's OpenAPI 3.1 document, generated from the same zod schemas the route handlers and
// the domain validate with (zod 4's JSON Schema output), so documentation and validation agree.
import { z } from 'zod';
import { DIRECTORY_COMMAND_SCHEMAS } from '../../domain/directory/commands';
import { VORLAGE_COMMAND_SCHEMAS } from '../../domain/vorlage/commands';
import {
  ChangePasswordRequestSchema,
  RegisterUserRequestSchema,
  USER_COMMAND_ROUTES,
} from '../api/admin/schemas';
import { COMMAND_ROUTES } from '../api/vorlagen/[id]/commands/[command]/commands';
import { DISCUSSION_COMMAND_ROUTES } from '../api/vorlagen/[id]/kommentare/[command]/commands';
import { DISCUSSION_COMMAND_SCHEMAS } from '../../domain/discussion/commands';
import { FeedbackSchema } from '../api/feedback/schemas';
import { SignInSchema } from '../api/session/schemas';
import { CreateVorlageRequestSchema } from '../api/vorlagen/schemas';
import { ERROR_TABLE } from './errors';

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

/** The API body of a lifecycle command: the domain's data without the Vorlage id (it is in the path). */
function commandBodySchema(schema: z.ZodType, idInPath = 'vorlageId'): JsonSchema {
  const full = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  const properties = Object.fromEntries(
    Object.entries(full.properties ?? {}).filter(([name]) => name !== idInPath),
  );
  return {
    ...full,
    properties,
    required: (full.required ?? []).filter((name) => name !== idInPath),
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const STANDARD_ERRORS = {
  '400': errorResponse('Ungültige Eingabe (mit den einzelnen Validierungsfehlern)'),
  '401': errorResponse('Nicht angemeldet'),
  '403': errorResponse('Nicht berechtigt oder fremder Origin'),
  '404': errorResponse('Nicht gefunden'),
  '409': errorResponse('Konflikt mit dem Stand der Vorlage oder gleichzeitige Änderung'),
};

const jsonBody = (schema: JsonSchema) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const PAGE_PARAMETERS = [
  {
    name: 'limit',
    in: 'query',
    description: 'Einträge je Seite (1–500, Vorgabe 100)',
    schema: { type: 'integer', minimum: 1, maximum: 500 },
  },
  {
    name: 'cursor',
    in: 'query',
    description: '`nextCursor` der vorigen Seite',
    schema: { type: 'string' },
  },
];

const vorlageIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

function commandPaths(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(COMMAND_ROUTES).map(([segment, type]) => [
      `/api/vorlagen/{id}/commands/${segment}`,
      {
        post: {
          operationId: type,
          summary: `Befehl ${type}`,
          tags: ['Lebenszyklus'],
          parameters: [
            vorlageIdParameter,
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'UUID; ein wiederholter Befehl mit demselben Schlüssel wirkt nur einmal und erhält dieselbe Antwort (Status und Inhalt, auch eine Ablehnung); eine Wiederholung eines ausgeführten Befehls trägt den Kopf `Idempotent-Replayed: true`.',
              schema: { type: 'string', format: 'uuid' },
            },
          ],
          requestBody: jsonBody(commandBodySchema(VORLAGE_COMMAND_SCHEMAS[type])),
          responses: {
            '200': ok('Ausgeführt; mit Commit-Position für Lesen-nach-Schreiben'),
            ...STANDARD_ERRORS,
          },
        },
      },
    ]),
  );
}

/** The comment commands (D-130…D-134), one path per URL segment. */
function discussionPaths(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(DISCUSSION_COMMAND_ROUTES).map(([segment, type]) => [
      `/api/vorlagen/{id}/kommentare/${segment}`,
      {
        post: {
          operationId: type,
          summary: `Kommentarbefehl ${type}`,
          tags: ['Kommentare'],
          parameters: [vorlageIdParameter],
          requestBody: jsonBody(commandBodySchema(DISCUSSION_COMMAND_SCHEMAS[type])),
          responses: {
            '200': ok('Ausgeführt; mit Commit-Position und der Kennung des neuen Ereignisses'),
            ...STANDARD_ERRORS,
          },
        },
      },
    ]),
  );
}

const userIdParameter = {
  name: 'userId',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
};

/** The directory (admins only): register users and offices, change a user. */
function adminPaths(): Record<string, unknown> {
  const created = { '201': ok('Angelegt'), ...STANDARD_ERRORS };
  const userCommands = Object.entries(USER_COMMAND_ROUTES).map(([segment, type]) => [
    `/api/admin/users/{userId}/commands/${segment}`,
    {
      post: {
        operationId: type,
        summary: `Verzeichnis: ${type}`,
        tags: ['Verwaltung'],
        parameters: [userIdParameter],
        requestBody: jsonBody(
          type === 'ChangeUserPassword'
            ? jsonSchema(ChangePasswordRequestSchema)
            : commandBodySchema(DIRECTORY_COMMAND_SCHEMAS[type], 'userId'),
        ),
        responses: { '200': ok('Ausgeführt'), ...STANDARD_ERRORS },
      },
    },
  ]);
  return {
    '/api/admin/users': {
      post: {
        summary: 'Lokales Konto anlegen',
        tags: ['Verwaltung'],
        requestBody: jsonBody(jsonSchema(RegisterUserRequestSchema)),
        responses: created,
      },
    },
    '/api/admin/offices': {
      post: {
        summary: 'Amt anlegen',
        tags: ['Verwaltung'],
        requestBody: jsonBody(jsonSchema(DIRECTORY_COMMAND_SCHEMAS.RegisterOffice)),
        responses: created,
      },
    },
    ...Object.fromEntries(userCommands),
  };
}

const hashParameter = {
  name: 'hash',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
};

/** A GET on one Vorlage (audit review, Fassungen, export): path parameters and the usual errors. */
function vorlageRead(summary: string, tag: string, parameters: unknown[] = []) {
  return {
    get: {
      summary,
      tags: [tag],
      parameters: [vorlageIdParameter, ...parameters],
      responses: { '200': ok(summary), ...STANDARD_ERRORS },
    },
  };
}

/** Routes a browser follows (form posts, OIDC redirects): answered with a redirect. */
function redirectRoute(method: 'get' | 'post', summary: string) {
  return {
    [method]: {
      summary,
      tags: ['Anmeldung'],
      responses: { '303': { description: 'Weiterleitung' }, '403': STANDARD_ERRORS['403'] },
    },
  };
}

export function openApiDocument(serverUrl: string): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vorlagen API',
      version: '1',
      description:
        'JSON-API der Vorlagen-Anwendung. Zustandsändernde Anfragen brauchen die Session-Cookie-Anmeldung und einen Origin-Header dieser Anwendung.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/api/session': {
        post: {
          summary: 'Anmelden (lokales Konto)',
          tags: ['Anmeldung'],
          requestBody: jsonBody(jsonSchema(SignInSchema)),
          responses: {
            '200': ok('Angemeldet; setzt das Session-Cookie'),
            '400': STANDARD_ERRORS['400'],
            '401': STANDARD_ERRORS['401'],
            '429': errorResponse(
              'Zu viele Fehlversuche für diese Anmeldung; Retry-After nennt die Wartezeit',
            ),
          },
        },
        delete: {
          summary: 'Abmelden',
          tags: ['Anmeldung'],
          responses: { '204': { description: 'Abgemeldet' } },
        },
      },
      '/api/me': {
        get: {
          summary: 'Angemeldete Person',
          tags: ['Anmeldung'],
          responses: { '200': ok('Person und Anzahl im Eingang'), '401': STANDARD_ERRORS['401'] },
        },
      },
      '/api/offices': {
        get: {
          summary: 'Ämterkatalog',
          tags: ['Stammdaten'],
          responses: { '200': ok('Ämter'), '401': STANDARD_ERRORS['401'] },
        },
      },
      '/api/inbox': {
        get: {
          summary: 'Eingang des eigenen Amtes (seitenweise: `nextCursor` als `cursor`)',
          tags: ['Lesen'],
          parameters: [
            ...PAGE_PARAMETERS,
            { name: 'overdue', in: 'query', schema: { type: 'string', enum: ['1', 'true'] } },
          ],
          responses: {
            '200': ok('Offene Mitzeichnungen'),
            '400': STANDARD_ERRORS['400'],
            '401': STANDARD_ERRORS['401'],
          },
        },
      },
      '/api/inbox/count': {
        get: {
          summary: 'Anzahl der offenen Einträge im Eingang des eigenen Amtes',
          tags: ['Lesen'],
          responses: { '200': ok('{ count }'), '401': STANDARD_ERRORS['401'] },
        },
      },
      '/api/vorlagen': {
        get: {
          summary: 'Vorlagen, die die Person lesen darf (seitenweise: `nextCursor` als `cursor`)',
          tags: ['Lesen'],
          parameters: [
            ...PAGE_PARAMETERS,
            {
              name: 'q',
              in: 'query',
              description: 'Suche in Titel und Kennung',
              schema: { type: 'string' },
            },
            {
              name: 'status',
              in: 'query',
              schema: { type: 'array', items: { type: 'string' } },
              style: 'form',
              explode: true,
            },
            { name: 'leadOffice', in: 'query', schema: { type: 'string' } },
            { name: 'sessionUntil', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'overdue', in: 'query', schema: { type: 'string', enum: ['1', 'true'] } },
          ],
          responses: {
            '200': ok('Liste'),
            '400': STANDARD_ERRORS['400'],
            '401': STANDARD_ERRORS['401'],
          },
        },
        post: {
          summary: 'Neue Vorlage aus der Vorlage-Schablone',
          tags: ['Lebenszyklus'],
          requestBody: jsonBody(jsonSchema(CreateVorlageRequestSchema)),
          responses: { '201': ok('Angelegt'), ...STANDARD_ERRORS },
        },
      },
      '/api/vorlagen/{id}': {
        get: {
          summary: 'Eine Vorlage mit Mitzeichnungen, Textstand und Rechten',
          tags: ['Lesen'],
          parameters: [
            vorlageIdParameter,
            {
              name: 'after',
              in: 'query',
              description: 'Commit-Position, die die Lesemodelle erreicht haben sollen',
              schema: { type: 'string' },
            },
          ],
          responses: { '200': ok('Vorlage'), ...STANDARD_ERRORS },
        },
      },
      '/api/vorlagen/{id}/collab-token': {
        post: {
          summary: 'Kurzlebiges Token für die Verbindung zum Collab-Server',
          tags: ['Bearbeitung'],
          parameters: [vorlageIdParameter],
          responses: { '200': ok('Token, URL und Modus (rw/ro)'), ...STANDARD_ERRORS },
        },
      },
      '/api/changes': {
        get: {
          summary: 'Live-Änderungen der Lesemodelle (Server-Sent Events)',
          tags: ['Lesen'],
          parameters: [
            { name: 'vorlage', in: 'query', schema: { type: 'string' } },
            {
              name: 'readModel',
              in: 'query',
              description: 'Nur Änderungen dieser Lesemodelle (wiederholbar)',
              schema: { type: 'array', items: { type: 'string' } },
              style: 'form',
              explode: true,
            },
          ],
          responses: {
            '200': { description: 'text/event-stream' },
            '401': STANDARD_ERRORS['401'],
            '403': STANDARD_ERRORS['403'],
          },
        },
      },
      ...commandPaths(),
      ...discussionPaths(),
      '/api/vorlagen/{id}/kommentare': vorlageRead(
        'Kommentare an Textstellen mit Antworten (ohne Berechtigung zum Lesen: 403)',
        'Kommentare',
      ),
      '/api/vorlagen/{id}/audit': vorlageRead(
        'Prüfhistorie mit jetzt geprüfter Hash-Kette; dazu der Kommentar-Stream (discussion) mit eigener Kette, Ereignissen, Handelnden und Zeit',
        'Prüfung',
      ),
      '/api/vorlagen/{id}/audit/authorship': vorlageRead(
        'Wer hat was geschrieben: jedes Zeichen mit Autorin/Autor, gelöschte Stellen mit Löschenden',
        'Prüfung',
        [
          {
            name: 'fassung',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          },
        ],
      ),
      '/api/vorlagen/{id}/fassungen': vorlageRead('Fassungen der Vorlage', 'Prüfung'),
      '/api/vorlagen/{id}/fassungen/{hash}': vorlageRead('Eine Fassung, neu berechnet', 'Prüfung', [
        hashParameter,
      ]),
      '/api/vorlagen/{id}/fassungen/{hash}/diff': vorlageRead(
        'Wortweiser Vergleich zweier Fassungen',
        'Prüfung',
        [hashParameter, { name: 'against', in: 'query', schema: { type: 'string' } }],
      ),
      '/api/vorlagen/{id}/export': vorlageRead(
        'Export (OParl 1.1 Paper), nach Veröffentlichung; nur veröffentlichungsfähige Inhalte',
        'Export',
      ),
      '/api/vorlagen/{id}/export/intern': vorlageRead(
        'Interner Export mit Mitzeichnungen (SPK, Berichterstattung, Prüfung)',
        'Export',
      ),
      '/api/vorlagen/{id}/export/text': vorlageRead('Hauptdatei des Exports als Text', 'Export'),
      '/api/feedback': {
        post: {
          summary: 'Rückmeldung zur Barrierefreiheit (ohne Anmeldung)',
          tags: ['Barrierefreiheit'],
          requestBody: jsonBody(jsonSchema(FeedbackSchema)),
          responses: {
            '201': ok('Gespeichert'),
            '400': STANDARD_ERRORS['400'],
            '403': STANDARD_ERRORS['403'],
          },
        },
      },
      '/api/session/abmelden': redirectRoute('post', 'Abmelden per Formular'),
      '/api/auth/oidc/start': redirectRoute('get', 'Anmeldung über OIDC beginnen'),
      '/api/auth/oidc/callback': redirectRoute('get', 'Rückkehr vom OIDC-Anbieter'),
      ...adminPaths(),
      '/api/health': {
        get: {
          summary: 'Zustand des Produkts (Ereignisspeicher, Projektionen, Kollaboration)',
          tags: ['Betrieb'],
          responses: { '200': ok('ok'), '503': ok('eingeschränkt (ein Teil antwortet nicht)') },
        },
      },
      '/api/health/live': {
        get: { summary: 'Lebenszeichen', tags: ['Betrieb'], responses: { '200': ok('ok') } },
      },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_TABLE) },
                message: { type: 'string', description: 'Deutsche Meldung für die Oberfläche' },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { path: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
