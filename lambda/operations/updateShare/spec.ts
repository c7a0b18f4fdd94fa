import { ErrorCodes } from '../../errors.js';
import { emptyObjectSchema } from '../../schemas/answers.js';
import { updateShareEventSchema } from '../../schemas/requests.js';
import { DEMO_NGINX, ONE_SHARE, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `updateShare`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: "Change a share's terms",
  method: 'PATCH',
  paths: ONE_SHARE,
  credentials: 'api',
  permission: 'manage',
  internalErrorCode: ErrorCodes.updateFailed,
  body: 'json',
  // The share's UpdateItem, and the roster's as for createShare (a revived share takes a place).
  table: onTable('dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'),
  requestSchema: updateShareEventSchema,
  success: { status: 201, description: 'Changed', body: emptyObjectSchema },
  errors: { 400: [ErrorCodes.shareLimitReached], 404: [ErrorCodes.noSuchShare] },
  examples: {
    good: {
      path: { ...DEMO_NGINX, access_domain: 'partner' },
      body: { permit: 'read', deadline: '2099-12-31', description: 'until the end of the contract' },
      status: 201,
    },
    absent: { path: { ...DEMO_NGINX, access_domain: 'stranger' }, body: { permit: 'read', deadline: 'forever' }, status: 404 },
    'bad-input': { path: { ...DEMO_NGINX, access_domain: 'partner' }, body: { permit: 'read', deadline: '2099-02-30' }, status: 400 },
    'no-token': {
      path: { ...DEMO_NGINX, access_domain: 'partner' },
      body: { permit: 'read', deadline: 'forever' },
      caller: 'none',
      status: 401,
    },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
