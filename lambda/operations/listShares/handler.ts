import { type Answer, type Request, spec } from './spec.js';
import { toShareAnswer } from '../shareAnswers.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { listShares as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { ShareReader } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Every share of a repository, as a JSON array. */
export function listSharesHandler(deps: OperationDeps<ShareReader>) {
  return apiHandler<Request>(operationRoute('listShares', spec, validateEvent), deps, async (event) => {
    const { namespace, repository } = event.pathParameters;
    const now = deps.now();
    const shares = await deps.store.listShares({ namespace, repository }, now);
    return success<Answer>(
      spec,
      shares.map((share) => toShareAnswer(share, now)),
    );
  });
}
