import type { FromSchema } from 'json-schema-to-ts';
import { deadlineSchema, permitSchema } from './fields.js';

/**
 * JSON Schemas of the API's answers, one per kind of body. The catalog names which
 * operation answers which; the OpenAPI document (scripts/buildOpenApi.ts) carries them, and
 * the tests check every answer against them.
 */

/** Both spellings of the error fields: Terraform reads `errorCode`, the Node SDK `error_code`. */
export const errorSchema = {
  type: 'object',
  required: ['errorCode', 'errorMessage', 'error_code', 'error_msg'],
  properties: {
    errorCode: { type: 'string', pattern: '^SVCSTG\\.SWR\\.[0-9]{7}$' },
    errorMessage: { type: 'string' },
    error_code: { type: 'string', pattern: '^SVCSTG\\.SWR\\.[0-9]{7}$' },
    error_msg: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** POST and PATCH answer `{}`, never an empty body (Go clients decode it). */
export const emptyObjectSchema = { type: 'object', additionalProperties: false } as const;

const timestampSchema = { type: 'string', format: 'date-time' } as const;

/** The share object of list and show. */
const shareSchema = {
  type: 'object',
  required: [
    'namespace',
    'repository',
    'access_domain',
    'permit',
    'deadline',
    'description',
    'creator_id',
    'creator_name',
    'created',
    'updated',
    'status',
    'last_used_at',
    'last_used_by',
  ],
  properties: {
    namespace: { type: 'string' },
    /** The real name, with `/`. */
    repository: { type: 'string' },
    access_domain: { type: 'string' },
    permit: permitSchema,
    deadline: deadlineSchema,
    description: { type: 'string' },
    creator_id: { type: 'string' },
    creator_name: { type: 'string' },
    created: timestampSchema,
    updated: timestampSchema,
    /** Whether the share is in force now. */
    status: { type: 'boolean' },
    /**
     * When a registry token was last issued through the share (to within the hour it is
     * recorded at most once in), null while none was: not when an image was downloaded.
     */
    last_used_at: { type: ['string', 'null'], format: 'date-time' },
    /** To whom that token was issued, as its `sub`: `<account>/<user>`; null while none was. */
    last_used_by: { type: ['string', 'null'] },
  },
  additionalProperties: false,
} as const;

export type ShareAnswer = FromSchema<typeof shareSchema>;

export const shareListSchema = { type: 'array', items: shareSchema } as const;

/** `{"exist": true, …share}` or `{"exist": false}`. */
export const shareExistenceSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['exist', ...shareSchema.required],
      properties: { exist: { const: true }, ...shareSchema.properties },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['exist'],
      properties: { exist: { const: false } },
      additionalProperties: false,
    },
  ],
} as const;

/** One repository share as SWR's ListSharedReposDetails shows it. */
const sharedRepositorySchema = {
  type: 'object',
  required: [
    'namespace',
    'name',
    'path',
    'domain_name',
    'permit',
    'deadline',
    'description',
    'status',
    'created',
    'updated',
    'created_at',
    'updated_at',
  ],
  properties: {
    namespace: { type: 'string' },
    name: { type: 'string' },
    path: { type: 'string' },
    domain_name: { type: 'string' },
    permit: permitSchema,
    deadline: deadlineSchema,
    description: { type: 'string' },
    status: { type: 'boolean' },
    created: timestampSchema,
    updated: timestampSchema,
    created_at: timestampSchema,
    updated_at: timestampSchema,
  },
  additionalProperties: false,
} as const;

export type SharedRepositoryAnswer = FromSchema<typeof sharedRepositorySchema>;

export const sharedRepositoryListSchema = { type: 'array', items: sharedRepositorySchema } as const;

/** Docker Registry v2 token authentication: both names of the token, as clients differ. */
export const registryTokenAnswerSchema = {
  type: 'object',
  required: ['token', 'access_token', 'expires_in', 'issued_at'],
  properties: {
    token: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' },
    access_token: { type: 'string' },
    expires_in: { type: 'integer', minimum: 0 },
    issued_at: timestampSchema,
  },
  additionalProperties: false,
} as const;

/** The OAuth2 form's answer (RFC 6749 section 5.1); `scope` lists what was granted. */
export const oauth2TokenAnswerSchema = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'issued_at', 'scope'],
  properties: {
    access_token: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' },
    token_type: { const: 'Bearer' },
    expires_in: { type: 'integer', minimum: 0 },
    issued_at: timestampSchema,
    scope: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** An OAuth2 error (RFC 6749 section 5.2), as the OAuth2 form of the token endpoint answers. */
export const oauth2ErrorSchema = {
  type: 'object',
  required: ['error', 'error_description'],
  properties: {
    error: { type: 'string' },
    error_description: { type: 'string' },
  },
} as const;

/** An access key as IAM's credential API shows it; the secret only in the answer to create. */
const credentialSchema = {
  type: 'object',
  required: ['access', 'status', 'user_id', 'create_time', 'description'],
  properties: {
    access: { type: 'string', pattern: '^[A-Z0-9]{20}$' },
    status: { type: 'string', enum: ['active', 'inactive'] },
    user_id: { type: 'string' },
    create_time: timestampSchema,
    description: { type: 'string' },
  },
  additionalProperties: false,
} as const;

export const newCredentialAnswerSchema = {
  type: 'object',
  required: ['credential'],
  properties: {
    credential: {
      ...credentialSchema,
      required: [...credentialSchema.required, 'secret'],
      properties: { ...credentialSchema.properties, secret: { type: 'string', minLength: 40 } },
    },
  },
  additionalProperties: false,
} as const;

export const credentialAnswerSchema = {
  type: 'object',
  required: ['credential'],
  properties: { credential: credentialSchema },
  additionalProperties: false,
} as const;

export const credentialListSchema = {
  type: 'object',
  required: ['credentials'],
  properties: { credentials: { type: 'array', items: credentialSchema } },
  additionalProperties: false,
} as const;
