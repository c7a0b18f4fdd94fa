import { type Request, spec } from './spec.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { deleteShare as validateEvent } from '../../schemas/generated/validators.js';
import { noContent } from '../../http/responses.js';
import type { ShareDeleter } from '../../store/ShareStore.js';
import type { OperationDeps } from '../OperationDeps.js';
import { recordShareChange } from '../shareChanges.js';

/** Revokes a share: 204, or 404 when there is no such share. */
export function deleteShareHandler(deps: OperationDeps<ShareDeleter>) {
  return apiHandler<Request>(operationRoute('deleteShare', spec, validateEvent), deps, async (event, context) => {
    const { namespace, repository, access_domain: accessDomain } = event.pathParameters;
    const ref = { namespace, repository, accessDomain };
    const now = deps.now();
    const before = await deps.store.deleteShare(ref, now);
    await recordShareChange(deps, context, 'revoked', ref, { before, after: undefined }, now);
    return noContent();
  });
}
