import { type Answer, type Request, spec } from './spec.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { updateCredential as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { AccessKeyUpdater } from '../../store/AccessKeyStore.js';
import { credentialView, ownerOf } from '../credentialAnswers.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Enables or disables one of the caller's access keys: 200 with the key. */
export function updateCredentialHandler(deps: OperationDeps<AccessKeyUpdater>) {
  return apiHandler<Request>(operationRoute('updateCredential', spec, validateEvent), deps, async (event, { caller }) => {
    const key = await deps.store.setAccessKeyStatus(event.pathParameters.access, ownerOf(caller), event.body.credential.status);
    return success<Answer>(spec, { credential: credentialView(key) });
  });
}
