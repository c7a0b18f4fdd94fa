import { type Answer, type Request, spec } from './spec.js';
import { removalTime } from '../../domain/deadline.js';
import { PERMIT_READ, type ShareTerms } from '../../domain/share.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { createShare as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { ShareCreator } from '../../store/ShareStore.js';
import { requireFutureDeadline, requireOtherAccount } from '../rules.js';
import type { OperationDeps } from '../OperationDeps.js';
import { recordShareChange } from '../shareChanges.js';

/** Shares a repository with another account: 201 `{}`, or 409 when a share is in force. */
export function createShareHandler(deps: OperationDeps<ShareCreator>) {
  return apiHandler<Request>(
    operationRoute('createShare', spec, validateEvent),
    deps,
    async (event, context) => {
      const { caller } = context;
      const { namespace, repository } = event.pathParameters;
      const { access_domain: accessDomain, deadline, description = '' } = event.body;
      const now = deps.now();
      const activeUntil = requireFutureDeadline(deadline, now);

      const timestamp = now.toISOString();
      const terms: ShareTerms = { permit: PERMIT_READ, deadline, description };
      await deps.store.createShare(
        {
          namespace,
          repository,
          accessDomain,
          ...terms,
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
      await recordShareChange(deps, context, 'created', { namespace, repository, accessDomain }, { before: undefined, after: terms }, now);
      return success<Answer>(spec, {});
    },
    (event, { caller }) => {
      requireFutureDeadline(event.body.deadline, deps.now());
      requireOtherAccount(event.body.access_domain, caller);
    },
  );
}
