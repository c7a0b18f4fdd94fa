import { ErrorCodes } from '../../errors.js';
import { DEFAULT_REGISTRY_SERVICE } from '../../registry/defaults.js';
import { registryTokenAnswerSchema } from '../../schemas/answers.js';
import { registryTokenEventSchema } from '../../schemas/requests.js';
import { REGISTRY_TOKEN_PATH, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `issueRegistryToken`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'A registry token (Docker Registry v2 token authentication) granting what the caller may pull and push',
  method: 'GET',
  paths: [REGISTRY_TOKEN_PATH],
  credentials: 'registry login',
  permission: 'anyone',
  internalErrorCode: ErrorCodes.readFailed,
  noStore: true,
  // UpdateItem: the hourly stamp of a share's last use (DynamoShareStore.recordShareUse).
  table: onTable('dynamodb:GetItem', 'dynamodb:UpdateItem'),
  signingKey: ['kms:Sign'],
  requestSchema: registryTokenEventSchema,
  success: {
    status: 200,
    description: 'A token granting what the caller may do of what was asked (possibly nothing)',
    body: registryTokenAnswerSchema,
  },
  examples: {
    allowed: { query: { service: DEFAULT_REGISTRY_SERVICE, scope: 'repository:demo/nginx:pull,push', account: 'owner' }, status: 200 },
    denied: { query: { service: DEFAULT_REGISTRY_SERVICE, scope: 'repository:other/app:pull', account: 'owner' }, status: 200 },
    anonymous: { query: { service: DEFAULT_REGISTRY_SERVICE, scope: 'repository:demo/nginx:pull' }, caller: 'none', status: 200 },
    'bad-credentials': { query: { service: DEFAULT_REGISTRY_SERVICE, scope: 'repository:demo/nginx:pull' }, caller: 'wrong', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
