import { ErrorCodes } from '../../errors.js';
import { shareExistenceSchema } from '../../schemas/answers.js';
import { shareEventSchema } from '../../schemas/requests.js';
import { DEMO_NGINX, ONE_SHARE, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `showShare`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'One share of a repository, or whether it exists',
  method: 'GET',
  paths: ONE_SHARE,
  credentials: 'api',
  permission: 'read',
  internalErrorCode: ErrorCodes.readFailed,
  table: onTable('dynamodb:GetItem'),
  requestSchema: shareEventSchema,
  success: { status: 200, description: 'The share, or `{"exist": false}`', body: shareExistenceSchema },
  examples: {
    good: { path: { ...DEMO_NGINX, access_domain: 'partner' }, status: 200 },
    absent: { path: { ...DEMO_NGINX, access_domain: 'stranger' }, status: 200 },
    'bad-input': { path: { ...DEMO_NGINX, access_domain: '-partner' }, status: 400 },
    'no-token': { path: { ...DEMO_NGINX, access_domain: 'partner' }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
