import { ErrorCodes } from '../../errors.js';
import { emptyObjectSchema } from '../../schemas/answers.js';
import { createShareEventSchema } from '../../schemas/requests.js';
import { DEMO_NGINX, REPOSITORY_SHARES, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `createShare`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'Share a repository with another account',
  method: 'POST',
  paths: REPOSITORY_SHARES,
  credentials: 'api',
  permission: 'manage',
  internalErrorCode: ErrorCodes.createFailed,
  body: 'json',
  // The share's PutItem, and the roster's (ShareRoster): a claim (UpdateItem), and when the
  // roster is missing or full, reading it (GetItem), the repository's shares (Query) and
  // writing it (PutItem) or taking back stale places (UpdateItem).
  table: onTable('dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'),
  requestSchema: createShareEventSchema,
  success: { status: 201, description: 'Shared', body: emptyObjectSchema },
  errors: { 400: [ErrorCodes.shareLimitReached], 409: [ErrorCodes.shareExists] },
  examples: {
    good: {
      path: DEMO_NGINX,
      body: { access_domain: 'partner', permit: 'read', deadline: 'forever', description: 'CI pulls' },
      status: 201,
    },
    duplicate: { path: DEMO_NGINX, body: { access_domain: 'Partner', permit: 'read', deadline: '2099-12-31' }, status: 409 },
    'bad-input': { path: DEMO_NGINX, body: { access_domain: 'partner', permit: 'READ', deadline: 'forever' }, status: 400 },
    'no-token': { path: DEMO_NGINX, body: { access_domain: 'partner', permit: 'read', deadline: 'forever' }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
