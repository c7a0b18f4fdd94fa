import { removalTime } from '../../domain/deadline.js';
import { PERMIT_READ } from '../../domain/share.js';
import { apiHandler } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { SharePath, UpdateShareBody } from '../../schemas/requests.js';
import type { ShareUpdater } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';
import { requireFutureDeadline } from '../rules.js';

/**
 * Sets all the terms of a share (an omitted description
 * means `""`, as in SWR) and answers 201, as SWR does. An expired share can be revived.
 */
export function updateShareHandler(deps: OperationDeps<ShareUpdater>) {
  return apiHandler<SharePath, UpdateShareBody>(
    'updateShare',
    deps,
    async (event) => {
      const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
      const { deadline, description = '' } = event.body;
      const now = deps.now();
      const activeUntil = requireFutureDeadline(deadline, now);
      await deps.store.updateShare(
        { namespace, repository, accessDomain },
        {
          permit: PERMIT_READ,
          deadline,
          description,
          updated: now.toISOString(),
          activeUntil,
          removeAt: removalTime(activeUntil, deps.retentionDays),
        },
        now,
      );
      return json(201, {});
    },
    (event) => void requireFutureDeadline(event.body.deadline, deps.now()),
  );
}
