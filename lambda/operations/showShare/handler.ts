import { toShareView } from '../../domain/share.js';
import { apiHandler } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { SharePath } from '../../schemas/requests.js';
import type { ShareReader } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

/** One share, or `{"exist": false}` (still a 200). */
export function showShareHandler(deps: OperationDeps<ShareReader>) {
  return apiHandler<SharePath>('showShare', deps, async (event) => {
    const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
    const now = deps.now();
    const share = await deps.store.getShare({ namespace, repository, accessDomain }, now);
    return json(200, share ? { exist: true, ...toShareView(share, now) } : { exist: false });
  });
}
