import { ACCESS_KEY_PATTERN, ACCESS_KEY_STATUSES } from '../domain/accessKey.js';

/**
 * IAM's credential API, the part that manages one's own
 * permanent access keys. Compiled with the other request schemas.
 */

const credentialDescriptionSchema = { type: 'string', maxLength: 255 } as const;
const credentialPathSchema = {
  type: 'object',
  required: ['access'],
  properties: { access: { type: 'string', pattern: ACCESS_KEY_PATTERN.source } },
} as const;

export const createCredentialBodySchema = {
  type: 'object',
  required: ['credential'],
  properties: {
    credential: {
      type: 'object',
      required: ['user_id'],
      properties: { user_id: { type: 'string', minLength: 1, maxLength: 64 }, description: credentialDescriptionSchema },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const createCredentialEventSchema = {
  type: 'object',
  required: ['body'],
  properties: { body: createCredentialBodySchema },
} as const;

/** `GET …/credentials[?user_id=<own id>]`. */
export const listCredentialsEventSchema = {
  type: 'object',
  properties: {
    queryStringParameters: {
      type: ['object', 'null'],
      properties: { user_id: { type: 'string', minLength: 1, maxLength: 64 } },
    },
  },
} as const;

export const updateCredentialBodySchema = {
  type: 'object',
  required: ['credential'],
  properties: {
    credential: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ACCESS_KEY_STATUSES } },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const updateCredentialEventSchema = {
  type: 'object',
  required: ['pathParameters', 'body'],
  properties: { pathParameters: credentialPathSchema, body: updateCredentialBodySchema },
} as const;

export const credentialEventSchema = {
  type: 'object',
  required: ['pathParameters'],
  properties: { pathParameters: credentialPathSchema },
} as const;
