import { type Answer, type Request, spec } from './spec.js';
import type { SecretSealer } from '../../auth/SecretSealer.js';
import { type AccessKey, generateAccessKeyPair } from '../../domain/accessKey.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { createCredential as validateEvent } from '../../schemas/generated/validators.js';
import { success } from '../../http/responses.js';
import type { AccessKeyCreator } from '../../store/AccessKeyStore.js';
import { credentialView, requireOwnUser } from '../credentialAnswers.js';
import type { OperationDeps } from '../OperationDeps.js';

/** A new access key for the caller: 201 with the AK and its SK, the secret shown this once. */
export function createCredentialHandler(deps: OperationDeps<AccessKeyCreator> & { sealer: SecretSealer }) {
  return apiHandler<Request>(operationRoute('createCredential', spec, validateEvent), deps, async (event, { caller }) => {
    const { user_id: userId, description = '' } = event.body.credential;
    requireOwnUser(caller, userId);
    const { accessKey, secretKey } = generateAccessKeyPair();
    const key: AccessKey = {
      accessKey,
      sealedSecret: await deps.sealer.seal(accessKey, secretKey),
      status: 'active',
      caller: { ...caller, namespaces: { ...caller.namespaces } },
      description,
      created: deps.now().toISOString(),
    };
    await deps.store.createAccessKey(key);
    return success<Answer>(spec, { credential: { ...credentialView(key), secret: secretKey } });
  });
}
