import { ErrorCodes } from '../../errors.js';
import { shareListSchema } from '../../schemas/answers.js';
import { repositoryEventSchema } from '../../schemas/requests.js';
import { DEMO_NGINX, REPOSITORY_SHARES, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `listShares`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'Every share of a repository',
  method: 'GET',
  paths: REPOSITORY_SHARES,
  credentials: 'api',
  permission: 'read',
  internalErrorCode: ErrorCodes.readFailed,
  table: onTable('dynamodb:Query'),
  requestSchema: repositoryEventSchema,
  success: { status: 200, description: 'The shares, expired ones still retained included', body: shareListSchema },
  examples: {
    good: { path: DEMO_NGINX, status: 200 },
    'bad-input': { path: { namespace: 'Demo', repository: 'nginx' }, status: 400 },
    'no-token': { path: DEMO_NGINX, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
