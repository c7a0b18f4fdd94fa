import { removalTime } from '../domain/deadline.js';
import { PERMIT_READ } from '../domain/share.js';
import { apiHandler } from '../http/apiHandler.js';
import { CATALOG } from './catalog.js';
import { json } from '../http/responses.js';
import type { CreateShareBody, RepositoryPath } from '../schemas/requests.js';
import type { ShareCreator } from '../store/ShareStore.js';
import { requireFutureDeadline, requireOtherAccount, requirePermission } from './rules.js';
import type { OperationDeps } from './OperationDeps.js';

/** `POST …/access-domains`: share a repository with another account. */
export function createShareHandler(deps: OperationDeps<ShareCreator>) {
  return apiHandler<RepositoryPath, CreateShareBody>('createShare', deps, async (event, { caller }) => {
    const { namespace, repository } = event.pathParameters;
    const { access_domain: accessDomain, deadline, description = '' } = event.body;
    const now = deps.now();
    const activeUntil = requireFutureDeadline(deadline, now);
    requireOtherAccount(accessDomain, caller);
    requirePermission(caller, namespace, CATALOG.createShare.permission);

    const timestamp = now.toISOString();
    await deps.store.createShare(
      {
        namespace,
        repository,
        accessDomain,
        permit: PERMIT_READ,
        deadline,
        description,
        ownerDomain: caller.domainName,
        creatorId: caller.userId,
        creatorName: caller.userName,
        created: timestamp,
        updated: timestamp,
        activeUntil,
        removeAt: removalTime(activeUntil, deps.retentionDays),
      },
      now,
    );
    return json(201, {});
  });
}
