import { ErrorCodes } from '../../errors.js';
import { TableDesign } from '../../store/tableDesign.js';
import { credentialListSchema } from '../../schemas/answers.js';
import { listCredentialsEventSchema } from '../../schemas/credentials.js';
import { CREDENTIALS } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `listCredentials`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: "The caller's access keys, without secrets",
  method: 'GET',
  paths: [CREDENTIALS],
  credentials: 'api',
  permission: 'own view',
  internalErrorCode: ErrorCodes.readFailed,
  table: { actions: ['dynamodb:Query'], indexes: [TableDesign.byAccountIndex.name] },
  requestSchema: listCredentialsEventSchema,
  success: { status: 200, description: "The caller's keys, never a secret", body: credentialListSchema },
  errors: { 403: [ErrorCodes.forbidden] },
  examples: {
    good: { status: 200 },
    'no-token': { caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
