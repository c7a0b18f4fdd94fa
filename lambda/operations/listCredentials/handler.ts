import { apiHandler, type ValidEvent } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { AccessKeyLister } from '../../store/AccessKeyStore.js';
import { credentialView, ownerOf, requireOwnUser } from '../credentialAnswers.js';
import type { OperationDeps } from '../OperationDeps.js';

type ListCredentialsEvent = ValidEvent<never> & { queryStringParameters: { user_id?: string } | null };

/** The caller's own access keys, never a secret. */
export function listCredentialsHandler(deps: OperationDeps<AccessKeyLister>) {
  return apiHandler<never>('listCredentials', deps, async (event, { caller }) => {
    requireOwnUser(caller, (event as ListCredentialsEvent).queryStringParameters?.user_id);
    const keys = await deps.store.listAccessKeys(ownerOf(caller));
    return json(200, { credentials: keys.map(credentialView) });
  });
}
