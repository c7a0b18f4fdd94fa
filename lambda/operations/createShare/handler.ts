import { removalTime } from '../../domain/deadline.js';
import { PERMIT_READ } from '../../domain/share.js';
import { apiHandler } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { CreateShareBody, RepositoryPath } from '../../schemas/requests.js';
import type { ShareCreator } from '../../store/ShareStore.js';
import { requireFutureDeadline, requireOtherAccount } from '../rules.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Shares a repository with another account: 201 `{}`, or 409 when a share is in force. */
export function createShareHandler(deps: OperationDeps<ShareCreator>) {
  return apiHandler<RepositoryPath, CreateShareBody>(
    'createShare',
    deps,
    async (event, { caller }) => {
      const { namespace, repository } = event.pathParameters;
      const { access_domain: accessDomain, deadline, description = '' } = event.body;
      const now = deps.now();
      const activeUntil = requireFutureDeadline(deadline, now);

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
    },
    (event, { caller }) => {
      requireFutureDeadline(event.body.deadline, deps.now());
      requireOtherAccount(event.body.access_domain, caller);
    },
  );
}
