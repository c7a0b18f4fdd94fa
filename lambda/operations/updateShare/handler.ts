import { type Answer, type Request, spec } from './spec.js';
import { removalTime } from '../../domain/deadline.js';
import { PERMIT_READ, type ShareTerms } from '../../domain/share.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { updateShare as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { ShareUpdater } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';
import { requireFutureDeadline } from '../rules.js';
import { recordShareChange } from '../shareChanges.js';

/**
 * Sets all the terms of a share (an omitted description
 * means `""`, as in SWR) and answers 201, as SWR does. An expired share can be revived.
 */
export function updateShareHandler(deps: OperationDeps<ShareUpdater>) {
  return apiHandler<Request>(
    operationRoute('updateShare', spec, validateEvent),
    deps,
    async (event, context) => {
      const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
      const { deadline, description = '' } = event.body;
      const now = deps.now();
      const activeUntil = requireFutureDeadline(deadline, now);
      const ref = { namespace, repository, accessDomain };
      const terms: ShareTerms = { permit: PERMIT_READ, deadline, description };
      const before = await deps.store.updateShare(
        ref,
        {
          ...terms,
          updated: now.toISOString(),
          activeUntil,
          removeAt: removalTime(activeUntil, deps.retentionDays),
        },
        now,
      );
      await recordShareChange(deps, context, 'updated', ref, { before, after: terms }, now);
      return success<Answer>(spec, {});
    },
    (event) => void requireFutureDeadline(event.body.deadline, deps.now()),
  );
}
