import { toShareView } from '../domain/share.js';
import { apiHandler, type OperationSpec } from '../http/apiHandler.js';
import { ErrorCodes } from '../http/errors.js';
import { json } from '../http/responses.js';
import type { RepositoryPath } from '../schemas/requests.js';
import { validateRepositoryEvent } from '../schemas/generated/validators.js';
import type { ShareReader } from '../store/ShareStore.js';
import type { OperationDeps } from './OperationDeps.js';
import { requirePermission } from './rules.js';

const spec: OperationSpec = {
  operation: 'listShares',
  internalErrorCode: ErrorCodes.readFailed,
  jsonBody: false,
  validateEvent: validateRepositoryEvent,
};

/** `GET …/access-domains`: every share of a repository, as a JSON array. */
export function listSharesHandler(deps: OperationDeps<ShareReader>) {
  return apiHandler<RepositoryPath>(spec, deps, async (event, { caller }) => {
    const { namespace, repository } = event.pathParameters;
    requirePermission(caller, namespace, 'read');
    const now = deps.now();
    const shares = await deps.store.listShares({ namespace, repository }, now);
    return json(200, shares.map((share) => toShareView(share, now)));
  });
}
