import { type Answer, type Request, spec } from './spec.js';
import { matchesFilters, page } from '../../domain/sharedRepository.js';
import { toSharedRepositoryAnswer } from '../shareAnswers.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { listSharedRepositories as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { SharedRepositoriesReader } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

export interface SharedRepositoriesDeps extends OperationDeps<SharedRepositoriesReader> {
  /** Put before image paths, e.g. `registry.example.com`; optional. */
  registryAddress: string | undefined;
}

/**
 * What is shared with the caller (center=thirdparty) or by it (center=self): its own
 * view, so any valid token will do: `thirdparty` lists the repositories shared with the caller's account (one Query
 * of the byAccount index), `self` the shares the account has made (one Query of byOwner).
 * Expired shares still retained are listed with `status: false`, as the list operation does.
 */
export function listSharedRepositoriesHandler(deps: SharedRepositoriesDeps) {
  return apiHandler<Request>(operationRoute('listSharedRepositories', spec, validateEvent), deps, async (event, { caller }) => {
    const { center, namespace, name, limit, offset } = event.queryStringParameters;
    const now = deps.now();
    const shares =
      center === 'thirdparty'
        ? await deps.store.listSharedWith(caller.domainName, now)
        : await deps.store.listSharedBy(caller.domainName, now);
    const views = shares
      .filter((share) => matchesFilters(share, { namespace, name }))
      .map((share) => toSharedRepositoryAnswer(share, center, now, deps.registryAddress));
    const listed = page(views, Number(offset ?? 0), limit === undefined ? undefined : Number(limit));
    const answer = success<Answer>(spec, listed.items);
    answer.headers = { ...answer.headers, 'Content-Range': listed.contentRange };
    return answer;
  });
}
