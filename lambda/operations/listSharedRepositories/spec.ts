import { ErrorCodes } from '../../errors.js';
import { TableDesign } from '../../store/tableDesign.js';
import { sharedRepositoryListSchema } from '../../schemas/answers.js';
import { sharedRepositoriesEventSchema } from '../../schemas/requests.js';
import type { FromSchema } from 'json-schema-to-ts';
import type { OperationSpec } from '../../api/OperationSpec.js';

/** `listSharedRepositories`: its routes, credentials, grants, request and answers. */
export const spec = {
  summary: 'The repositories shared with my account (center=thirdparty), or the shares it has made (center=self)',
  method: 'GET',
  paths: ['/v2/manage/shared-repositories'],
  credentials: 'api',
  permission: 'own view',
  internalErrorCode: ErrorCodes.readFailed,
  table: { actions: ['dynamodb:Query'], indexes: [TableDesign.byAccountIndex.name, TableDesign.byOwnerIndex.name] },
  requestSchema: sharedRepositoriesEventSchema,
  success: {
    status: 200,
    description: 'One page of the listing',
    body: sharedRepositoryListSchema,
    headers: { 'Content-Range': 'The page: `first-last/total`, or `*/total` when it is empty' },
  },
  examples: {
    good: { query: { center: 'self' }, status: 200 },
    'bad-input': { query: { center: 'nobody' }, status: 400 },
    'no-token': { query: { center: 'thirdparty' }, caller: 'none', status: 401 },
  },
} as const satisfies OperationSpec;

/** What a request must be to reach the logic: derived from the request schema. */
export type Request = FromSchema<typeof spec.requestSchema>;

/** The body of its success answer: derived from the answer schema. */
export type Answer = FromSchema<typeof spec.success.body>;
