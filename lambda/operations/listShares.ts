import { toShareView } from '../domain/share.js';
import { type ApiHandlerOptions, apiHandler } from '../http/apiHandler.js';
import { ErrorCodes } from '../http/errors.js';
import { json } from '../http/responses.js';
import type { RepositoryPath } from '../schemas/requests.js';
import { validateRepositoryEvent } from '../schemas/generated/validators.js';
import type { ShareReader } from '../store/ShareStore.js';
import type { OperationDeps } from './OperationDeps.js';
import { requirePermission } from './rules.js';

/** `GET …/access-domains`: every share of a repository, as a JSON array. */
export function listSharesHandler(deps: OperationDeps<ShareReader>) {
  const options: ApiHandlerOptions = {
    operation: 'listShares',
    internalErrorCode: ErrorCodes.readFailed,
    jsonBody: false,
    validateEvent: validateRepositoryEvent,
    verifyToken: deps.verifyToken,
    logger: deps.logger,
  };
  return apiHandler<RepositoryPath>(options, async (event, { caller }) => {
    const { namespace, repository } = event.pathParameters;
    requirePermission(caller, namespace, 'read');
    const now = deps.now();
    const shares = await deps.store.listShares({ namespace, repository }, now);
    return json(200, shares.map((share) => toShareView(share, now)));
  });
}
