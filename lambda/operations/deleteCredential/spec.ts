import { ErrorCodes } from '../../errors.js';
import { credentialEventSchema } from '../../schemas/credentials.js';
import { ONE_CREDENTIAL, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `deleteCredential`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: "Delete one of the caller's access keys",
  method: 'DELETE',
  paths: [ONE_CREDENTIAL],
  credentials: 'api',
  permission: 'own view',
  internalErrorCode: ErrorCodes.deleteFailed,
  table: onTable('dynamodb:DeleteItem'),
  requestSchema: credentialEventSchema,
  success: { status: 204, description: 'Deleted' },
  errors: { 404: [ErrorCodes.noSuchAccessKey] },
  examples: {
    absent: { path: { access: 'ABCDEFGHIJ0123456789' }, status: 404 },
    'no-token': { path: { access: 'ABCDEFGHIJ0123456789' }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;
