import { ErrorCodes } from '../../errors.js';
import { newCredentialAnswerSchema } from '../../schemas/answers.js';
import { createCredentialEventSchema } from '../../schemas/credentials.js';
import { CREDENTIALS, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `createCredential`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'A new access key (AK/SK) for the caller; the secret is shown this once',
  method: 'POST',
  paths: [CREDENTIALS],
  credentials: 'api',
  permission: 'own view',
  internalErrorCode: ErrorCodes.createFailed,
  body: 'json',
  table: onTable('dynamodb:PutItem'),
  sealingKey: ['kms:Encrypt'],
  requestSchema: createCredentialEventSchema,
  success: { status: 201, description: 'The new key, with its secret (shown this once)', body: newCredentialAnswerSchema },
  errors: { 403: [ErrorCodes.forbidden] },
  examples: {
    'bad-input': { body: { credential: { user_id: 7 } }, status: 400 },
    'no-token': { body: { credential: { description: 'ci' } }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
