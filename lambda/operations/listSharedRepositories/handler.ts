import { matchesFilters, page, toSharedRepositoryView } from '../../domain/sharedRepository.js';
import { apiHandler, type ValidEvent } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { SharedRepositoriesQuery } from '../../schemas/requests.js';
import type { SharedRepositoriesReader } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';

export interface SharedRepositoriesDeps extends OperationDeps<SharedRepositoriesReader> {
  /** Put before image paths, e.g. `registry.example.com`; optional. */
  registryAddress: string | undefined;
}

type SharedRepositoriesEvent = ValidEvent<never> & { queryStringParameters: SharedRepositoriesQuery };

/**
 * What is shared with the caller (center=thirdparty) or by it (center=self): its own view, so any valid token
 * will do: `thirdparty` lists the repositories shared with the caller's account (one Query
 * of the byAccount index), `self` the shares the account has made (one Query of byOwner).
 * Expired shares still retained are listed with `status: false`, as the list operation does.
 */
export function listSharedRepositoriesHandler(deps: SharedRepositoriesDeps) {
  return apiHandler<never>('listSharedRepositories', deps, async (validEvent, { caller }) => {
    const { center, namespace, name, limit, offset } = (validEvent as SharedRepositoriesEvent).queryStringParameters;
    const now = deps.now();
    const shares =
      center === 'thirdparty'
        ? await deps.store.listSharedWith(caller.domainName, now)
        : await deps.store.listSharedBy(caller.domainName, now);
    const views = shares
      .filter((share) => matchesFilters(share, { namespace, name }))
      .map((share) => toSharedRepositoryView(share, center, now, deps.registryAddress));
    const listed = page(views, Number(offset ?? 0), limit === undefined ? undefined : Number(limit));
    const answer = json(200, listed.items);
    answer.headers = { ...answer.headers, 'Content-Range': listed.contentRange };
    return answer;
  });
}
