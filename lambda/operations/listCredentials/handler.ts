import { type Answer, type Request, spec } from './spec.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { listCredentials as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { AccessKeyLister } from '../../store/AccessKeyStore.js';
import { credentialView, ownerOf, requireOwnUser } from '../credentialAnswers.js';
import type { OperationDeps } from '../OperationDeps.js';

/** The caller's own access keys, never a secret. */
export function listCredentialsHandler(deps: OperationDeps<AccessKeyLister>) {
  return apiHandler<Request>(operationRoute('listCredentials', spec, validateEvent), deps, async (event, { caller }) => {
    requireOwnUser(caller, event.queryStringParameters?.user_id);
    const keys = await deps.store.listAccessKeys(ownerOf(caller));
    return success<Answer>(spec, { credentials: keys.map(credentialView) });
  });
}
