import { ErrorCodes } from '../../errors.js';
import { shareEventSchema } from '../../schemas/requests.js';
import { DEMO_NGINX, ONE_SHARE, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `deleteShare`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'Revoke a share',
  method: 'DELETE',
  paths: ONE_SHARE,
  credentials: 'api',
  permission: 'manage',
  internalErrorCode: ErrorCodes.deleteFailed,
  // The share's DeleteItem, then giving its place back on the roster (UpdateItem).
  table: onTable('dynamodb:DeleteItem', 'dynamodb:UpdateItem'),
  requestSchema: shareEventSchema,
  success: { status: 204, description: 'Revoked' },
  errors: { 404: [ErrorCodes.noSuchShare] },
  examples: {
    good: { path: { ...DEMO_NGINX, access_domain: 'partner' }, status: 204 },
    again: { path: { ...DEMO_NGINX, access_domain: 'partner' }, status: 404 },
    'bad-input': { path: { namespace: 'demo', repository: 'Nginx', access_domain: 'partner' }, status: 400 },
    'no-token': { path: { ...DEMO_NGINX, access_domain: 'partner' }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;
