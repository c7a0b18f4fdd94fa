import { ErrorCodes } from '../../errors.js';
import { credentialAnswerSchema } from '../../schemas/answers.js';
import { updateCredentialEventSchema } from '../../schemas/credentials.js';
import { ONE_CREDENTIAL, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `updateCredential`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: "Enable or disable one of the caller's access keys",
  method: 'PUT',
  paths: [ONE_CREDENTIAL],
  credentials: 'api',
  permission: 'own view',
  internalErrorCode: ErrorCodes.updateFailed,
  body: 'json',
  table: onTable('dynamodb:UpdateItem'),
  requestSchema: updateCredentialEventSchema,
  success: { status: 200, description: 'The key, now active or inactive', body: credentialAnswerSchema },
  errors: { 404: [ErrorCodes.noSuchAccessKey] },
  examples: {
    absent: { path: { access: 'ABCDEFGHIJ0123456789' }, body: { credential: { status: 'inactive' } }, status: 404 },
    'bad-input': { path: { access: 'ABCDEFGHIJ0123456789' }, body: { credential: { status: 'paused' } }, status: 400 },
    'no-token': { path: { access: 'ABCDEFGHIJ0123456789' }, body: { credential: { status: 'inactive' } }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
