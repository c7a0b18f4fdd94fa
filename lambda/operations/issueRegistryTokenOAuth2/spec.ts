import { ErrorCodes } from '../../errors.js';
import { DEFAULT_REGISTRY_SERVICE } from '../../registry/defaults.js';
import { oauth2TokenAnswerSchema } from '../../schemas/answers.js';
import { registryTokenFormEventSchema } from '../../schemas/requests.js';
import { REGISTRY_TOKEN_PATH, onTable } from '../paths.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `issueRegistryTokenOAuth2`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: "A registry token through OAuth2's password grant (the form containerd sends first)",
  method: 'POST',
  paths: [REGISTRY_TOKEN_PATH],
  credentials: 'registry form',
  permission: 'anyone',
  internalErrorCode: ErrorCodes.readFailed,
  body: 'form',
  errorFormat: 'oauth2',
  noStore: true,
  // UpdateItem: the hourly stamp of a share's last use (DynamoShareStore.recordShareUse).
  table: onTable('dynamodb:GetItem', 'dynamodb:UpdateItem'),
  signingKey: ['kms:Sign'],
  requestSchema: registryTokenFormEventSchema,
  success: {
    status: 200,
    description: 'A token granting what the caller may do of what was asked (possibly nothing)',
    body: oauth2TokenAnswerSchema,
  },
  errors: { 400: ['invalid_request', 'invalid_grant', 'unsupported_grant_type'], 503: ['temporarily_unavailable'] },
  examples: {
    allowed: {
      body: {
        grant_type: 'password',
        service: DEFAULT_REGISTRY_SERVICE,
        scope: 'repository:demo/nginx:pull',
        client_id: 'containerd-client',
      },
      status: 200,
    },
    'refresh-token': {
      body: { grant_type: 'refresh_token', service: DEFAULT_REGISTRY_SERVICE, refresh_token: 'none' },
      caller: 'none',
      status: 400,
    },
    'bad-credentials': {
      body: { grant_type: 'password', service: DEFAULT_REGISTRY_SERVICE, scope: 'repository:demo/nginx:pull' },
      caller: 'wrong',
      status: 400,
    },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
