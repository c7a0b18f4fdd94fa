import { apiHandler } from '../../http/apiHandler.js';
import { noContent } from '../../http/responses.js';
import type { SharePath } from '../../schemas/requests.js';
import type { ShareDeleter } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Revokes a share: 204, or 404 when there is no such share. */
export function deleteShareHandler(deps: OperationDeps<ShareDeleter>) {
  return apiHandler<SharePath>('deleteShare', deps, async (event) => {
    const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
    await deps.store.deleteShare({ namespace, repository, accessDomain }, deps.now());
    return noContent();
  });
}
