import { type Answer, type Request, spec } from './spec.js';
import { toShareAnswer } from '../shareAnswers.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { showShare as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { ShareReader } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

/** One share, or `{"exist": false}` (still a 200). */
export function showShareHandler(deps: OperationDeps<ShareReader>) {
  return apiHandler<Request>(operationRoute('showShare', spec, validateEvent), deps, async (event) => {
    const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
    const now = deps.now();
    const share = await deps.store.getShare({ namespace, repository, accessDomain }, now);
    return success<Answer>(spec, share ? { exist: true, ...toShareAnswer(share, now) } : { exist: false });
  });
}
