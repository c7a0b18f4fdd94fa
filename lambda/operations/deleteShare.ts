import { apiHandler, type OperationSpec } from '../http/apiHandler.js';
import { ErrorCodes, noSuchShare } from '../http/errors.js';
import { noContent } from '../http/responses.js';
import type { SharePath } from '../schemas/requests.js';
import { validateShareEvent } from '../schemas/generated/validators.js';
import { type ShareDeleter, ShareNotFoundError } from '../store/ShareStore.js';
import type { OperationDeps } from './OperationDeps.js';
import { requirePermission } from './rules.js';

const spec: OperationSpec = {
  operation: 'deleteShare',
  internalErrorCode: ErrorCodes.deleteFailed,
  jsonBody: false,
  validateEvent: validateShareEvent,
};

/** `DELETE …/access-domains/{access_domain}`: 204, or 404 when there is no such share. */
export function deleteShareHandler(deps: OperationDeps<ShareDeleter>) {
  return apiHandler<SharePath>(spec, deps, async (event, { caller }) => {
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
