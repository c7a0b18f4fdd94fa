import { toShareView } from '../../domain/share.js';
import { apiHandler } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { RepositoryPath } from '../../schemas/requests.js';
import type { ShareReader } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Every share of a repository, as a JSON array. */
export function listSharesHandler(deps: OperationDeps<ShareReader>) {
  return apiHandler<RepositoryPath>('listShares', deps, async (event) => {
    const { namespace, repository } = event.pathParameters;
    const now = deps.now();
    const shares = await deps.store.listShares({ namespace, repository }, now);
    return json(200, shares.map((share) => toShareView(share, now)));
  });
}
