import { apiHandler } from '../../http/apiHandler.js';
import { json } from '../../http/responses.js';
import type { CredentialPath, UpdateCredentialBody } from '../../schemas/credentials.js';
import type { AccessKeyUpdater } from '../../store/AccessKeyStore.js';
import { credentialView, ownerOf } from '../credentialAnswers.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Enables or disables one of the caller's access keys: 200 with the key. */
export function updateCredentialHandler(deps: OperationDeps<AccessKeyUpdater>) {
  return apiHandler<CredentialPath, UpdateCredentialBody>('updateCredential', deps, async (event, { caller }) => {
    const key = await deps.store.setAccessKeyStatus(event.pathParameters.access, ownerOf(caller), event.body.credential.status);
    return json(200, { credential: credentialView(key) });
  });
}
