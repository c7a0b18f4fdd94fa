import { type Request, spec } from './spec.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { deleteCredential as validateEvent } from '../../schemas/generated/validators.js';
import { noContent } from '../../http/responses.js';
import type { AccessKeyDeleter } from '../../store/AccessKeyStore.js';
import { ownerOf } from '../credentialAnswers.js';
import type { OperationDeps } from '../OperationDeps.js';

/** Deletes one of the caller's access keys: 204. */
export function deleteCredentialHandler(deps: OperationDeps<AccessKeyDeleter>) {
  return apiHandler<Request>(operationRoute('deleteCredential', spec, validateEvent), deps, async (event, { caller }) => {
    await deps.store.deleteAccessKey(event.pathParameters.access, ownerOf(caller));
    return noContent();
  });
}
