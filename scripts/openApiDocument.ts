import { CATALOG, type Operation, OPERATIONS, type OperationSpec } from '../lambda/operations/catalog.js';
import { NO_STORE_HEADERS } from '../lambda/api/OperationSpec.js';
import { errorCodesByStatus } from './errorAnswers.js';
import { errorSchema, oauth2ErrorSchema } from '../lambda/schemas/answers.js';

/**
 * The OpenAPI 3.1 description of the API, built from the operation catalog and its JSON
 * Schemas alone, so that it cannot drift from what the functions do.
 */

type JsonObject = Record<string, unknown>;

const STATUS_NAMES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'No permission',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Not JSON',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable for now',
};

/** What the caller must hold, in words. */
const PERMISSION_TEXT: Record<OperationSpec['permission'], string> = {
  read: 'Needs `read` (or more) on the namespace.',
  write: 'Needs `write` (or more) on the namespace.',
  manage: 'Needs `manage` on the namespace.',
  'own view': 'Any valid token: the answer covers only what is the caller’s own.',
  anyone: 'Credentials are optional: an anonymous caller is granted nothing.',
};

const SECURITY: Record<OperationSpec['credentials'], JsonObject[]> = {
  api: [{ authToken: [] }],
  'registry login': [{}, { registryLogin: [] }],
  // The user name and password are fields of the form itself (OAuth2's password grant).
  'registry form': [{}],
};

/** The properties of one part of the API Gateway event schema (`pathParameters`, …). */
function eventPart(entry: OperationSpec, part: string): { properties: Record<string, JsonObject>; required: string[] } {
  const schema = (entry.requestSchema as { properties?: Record<string, JsonObject> }).properties?.[part];
  return {
    properties: (schema?.properties as Record<string, JsonObject> | undefined) ?? {},
    required: (schema?.required as string[] | undefined) ?? [],
  };
}

function parameters(entry: OperationSpec): JsonObject[] {
  const path = eventPart(entry, 'pathParameters');
  const query = eventPart(entry, 'queryStringParameters');
  const multiValueQuery = eventPart(entry, 'multiValueQueryStringParameters');
  return [
    ...Object.entries(path.properties).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema,
      ...(name === 'repository' && { description: 'The repository name; a `/` in it is written `$` (`group$app`).' }),
    })),
    ...Object.entries(query.properties).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query.required.includes(name),
      schema,
    })),
    ...Object.entries(multiValueQuery.properties).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
      style: 'form',
      explode: true,
    })),
  ];
}

function requestBody(entry: OperationSpec): JsonObject | undefined {
  const body = (entry.requestSchema as { properties?: Record<string, JsonObject> }).properties?.body;
  if (!entry.body || !body) return undefined;
  const mediaType = entry.body === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  return { required: true, content: { [mediaType]: { schema: body } } };
}

function responses(entry: OperationSpec): JsonObject {
  const { success } = entry;
  const noStore = entry.noStore
    ? Object.entries(NO_STORE_HEADERS).map(([name, value]) => [name, `\`${value}\`: the answer holds a credential`])
    : [];
  const successHeaders = Object.fromEntries(
    [...noStore, ...Object.entries(success.headers ?? {})].map(([name, description]) => [
      name,
      { description, schema: { type: 'string' } },
    ]),
  );
  const answers: JsonObject = {
    [success.status]: {
      description: success.description,
      headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...successHeaders },
      ...(success.body && { content: { 'application/json': { schema: success.body } } }),
    },
  };
  if (entry.errorFormat === 'oauth2') return { ...answers, ...oauth2ErrorAnswers(entry) };
  for (const [status, codes] of Object.entries(errorCodesByStatus(entry))) {
    const code = { type: 'string', enum: codes };
    answers[status] = {
      description: `${STATUS_NAMES[Number(status)] ?? 'Error'}: ${codes.join(', ')}`,
      headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
      content: {
        'application/json': {
          // The error object, its code one of those this status carries for this operation.
          schema: { allOf: [{ $ref: '#/components/schemas/Error' }, { properties: { errorCode: code, error_code: code } }] },
        },
      },
    };
  }
  return answers;
}

/** The errors of an operation that answers in OAuth2's format. */
function oauth2ErrorAnswers(entry: OperationSpec): JsonObject {
  const byStatus = errorCodesByStatus(entry);
  return Object.fromEntries(
    Object.entries(byStatus).map(([status, codes]) => [
      status,
      {
        description: `${STATUS_NAMES[Number(status)] ?? 'Error'}: ${codes.join(', ')}`,
        headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
        content: {
          'application/json': {
            schema: { allOf: [{ $ref: '#/components/schemas/OAuth2Error' }, { properties: { error: { type: 'string', enum: codes } } }] },
          },
        },
      },
    ]),
  );
}

function operationObject(operation: Operation, pathIndex: number): JsonObject {
  const entry: OperationSpec = CATALOG[operation];
  const body = requestBody(entry);
  return {
    // Each alias path is an operation of its own for OpenAPI, whose ids must be unique.
    operationId: pathIndex === 0 ? operation : `${operation}Alias${pathIndex}`,
    summary: entry.summary,
    description: PERMISSION_TEXT[entry.permission],
    security: SECURITY[entry.credentials],
    parameters: parameters(entry),
    ...(body && { requestBody: body }),
    responses: responses(entry),
  };
}

/** The document, for an API of the given version. */
export function openApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of OPERATIONS) {
    const entry: OperationSpec = CATALOG[operation];
    entry.paths.forEach((path, index) => {
      paths[path] = { ...paths[path], [entry.method.toLowerCase()]: operationObject(operation, index) };
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SWR access-domains API',
      version,
      description: 'Sharing private image repositories of a container registry (SWR), read-only, with other accounts.',
    },
    paths,
    components: {
      schemas: { Error: errorSchema, OAuth2Error: oauth2ErrorSchema },
      headers: {
        RequestId: { description: 'The id of the request, also in its log line', schema: { type: 'string' } },
      },
      securitySchemes: {
        authToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'An IAM token' },
        registryLogin: {
          type: 'http',
          scheme: 'basic',
          description: 'As registry clients log in: any user name, an API token as the password',
        },
      },
    },
  };
}
