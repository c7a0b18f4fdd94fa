import {
  accessDomainSchema,
  deadlineSchema,
  descriptionSchema,
  namespaceSchema,
  permitSchema,
  repositoryPathSchema,
  sharePathSchema,
} from './fields.js';

/**
 * The request schemas, one per operation. Each validates a whole API Gateway event, path
 * parameters first, so that a bad namespace is reported before a bad body. They are
 * compiled at build time into standalone code (scripts/buildValidators.ts).
 */

export const createShareBodySchema = {
  type: 'object',
  required: ['access_domain', 'permit', 'deadline'],
  properties: {
    access_domain: accessDomainSchema,
    permit: permitSchema,
    deadline: deadlineSchema,
    description: descriptionSchema,
  },
  additionalProperties: false,
} as const;

export const updateShareBodySchema = {
  type: 'object',
  required: ['permit', 'deadline'],
  properties: {
    permit: permitSchema,
    deadline: deadlineSchema,
    description: descriptionSchema,
  },
  additionalProperties: false,
} as const;

export const createShareEventSchema = {
  type: 'object',
  required: ['pathParameters', 'body'],
  properties: { pathParameters: repositoryPathSchema, body: createShareBodySchema },
} as const;

export const updateShareEventSchema = {
  type: 'object',
  required: ['pathParameters', 'body'],
  properties: { pathParameters: sharePathSchema, body: updateShareBodySchema },
} as const;

export const repositoryEventSchema = {
  type: 'object',
  required: ['pathParameters'],
  properties: { pathParameters: repositoryPathSchema },
} as const;

export const shareEventSchema = {
  type: 'object',
  required: ['pathParameters'],
  properties: { pathParameters: sharePathSchema },
} as const;

/**
 * The Docker Registry v2 token request in its HTTP Basic form: `?service=…&scope=…&scope=…`.
 * `scope` may repeat (API Gateway lists the values in multiValueQueryStringParameters);
 * `account`, `client_id` and `offline_token` are accepted and not needed.
 */
/** At most this many scopes in one token request. */
export const MAX_SCOPES = 32;

export const registryTokenQuerySchema = {
  type: 'object',
  required: ['service'],
  properties: {
    service: { type: 'string', minLength: 1, maxLength: 255 },
    account: { type: 'string', maxLength: 255 },
    client_id: { type: 'string', maxLength: 255 },
    offline_token: { type: 'string', maxLength: 5 },
  },
} as const;

export const registryTokenEventSchema = {
  type: 'object',
  required: ['queryStringParameters'],
  properties: {
    queryStringParameters: registryTokenQuerySchema,
    multiValueQueryStringParameters: {
      type: 'object',
      properties: {
        scope: { type: 'array', maxItems: MAX_SCOPES, items: { type: 'string', minLength: 1, maxLength: 512 } },
      },
    },
  },
} as const;

/**
 * The token request in OAuth2's form (distribution's token spec): `grant_type` and, for
 * the password grant, `username` and `password`; `scope` holds the scopes separated by
 * spaces. Fields a client may send and that change nothing (`client_id`, `access_type`,
 * `offline_token`) are accepted; a field given twice is refused.
 */
export const registryTokenFormSchema = {
  type: 'object',
  required: ['grant_type', 'service'],
  properties: {
    grant_type: { type: 'string', minLength: 1, maxLength: 64 },
    service: { type: 'string', minLength: 1, maxLength: 255 },
    username: { type: 'string', maxLength: 255 },
    password: { type: 'string', maxLength: 4096 },
    scope: { type: 'string', maxLength: MAX_SCOPES * 513 },
    client_id: { type: 'string', maxLength: 255 },
    access_type: { type: 'string', maxLength: 64 },
    offline_token: { type: 'string', maxLength: 5 },
    refresh_token: { type: 'string', maxLength: 4096 },
  },
} as const;

export const registryTokenFormEventSchema = {
  type: 'object',
  required: ['body'],
  properties: { body: registryTokenFormSchema },
} as const;

/** A whole number in a query string, as text. */
const countSchema = { type: 'string', pattern: '^[0-9]{1,9}$' } as const;

/**
 * What is shared with or by the caller: `?center=self|thirdparty[&namespace][&name][&limit][&offset]`.
 * Other parameters SWR knows (order_column, order_type, filter) are accepted and ignored.
 */
export const sharedRepositoriesQuerySchema = {
  type: 'object',
  required: ['center'],
  properties: {
    center: { type: 'string', enum: ['self', 'thirdparty'] },
    namespace: namespaceSchema,
    name: { type: 'string', minLength: 1, maxLength: 128 },
    limit: countSchema,
    offset: countSchema,
  },
} as const;

export const sharedRepositoriesEventSchema = {
  type: 'object',
  required: ['queryStringParameters'],
  properties: { queryStringParameters: sharedRepositoriesQuerySchema },
} as const;
