import { type ApiHandlerOptions, apiHandler } from '../http/apiHandler.js';
import { ErrorCodes, noSuchShare } from '../http/errors.js';
import { noContent } from '../http/responses.js';
import type { SharePath } from '../schemas/requests.js';
import { validateShareEvent } from '../schemas/generated/validators.js';
import { type ShareDeleter, ShareNotFoundError } from '../store/ShareStore.js';
import type { OperationDeps } from './OperationDeps.js';
import { requirePermission } from './rules.js';

/** `DELETE …/access-domains/{access_domain}`: 204, or 404 when there is no such share. */
export function deleteShareHandler(deps: OperationDeps<ShareDeleter>) {
  const options: ApiHandlerOptions = {
    operation: 'deleteShare',
    internalErrorCode: ErrorCodes.deleteFailed,
    jsonBody: false,
    validateEvent: validateShareEvent,
    verifyToken: deps.verifyToken,
    logger: deps.logger,
  };
  return apiHandler<SharePath>(options, async (event, { caller }) => {
    const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
    requirePermission(caller, namespace, 'manage');
    try {
      await deps.store.deleteShare({ namespace, repository, accessDomain }, deps.now());
    } catch (error) {
      if (error instanceof ShareNotFoundError) throw noSuchShare();
      throw error;
    }
    return noContent();
  });
}
