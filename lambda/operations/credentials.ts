import type { SecretSealer } from '../auth/SecretSealer.js';
import { type AccessKey, generateAccessKeyPair } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { apiHandler, type ValidEvent } from '../http/apiHandler.js';
import { forbidden } from '../errors.js';
import { json, noContent } from '../http/responses.js';
import type { CreateCredentialBody, CredentialPath, UpdateCredentialBody } from '../schemas/credentials.js';
import {
  type AccessKeyCreator,
  type AccessKeyDeleter,
  type AccessKeyLister,
  type AccessKeyUpdater,
  type KeyOwner,
} from '../store/AccessKeyStore.js';
import type { OperationDeps } from './OperationDeps.js';

/**
 * IAM's credential API for one's own permanent access keys (AK/SK): create (the secret is
 * shown this once), list, enable or disable, delete. A caller sees and changes only the keys
 * of their own user; another user's key is answered as absent. A key carries its creator's
 * caller facts (account, user, namespace levels) as their token stated them.
 */

/** A key as IAM shows it: never the secret. */
function credentialView(key: AccessKey) {
  return {
    access: key.accessKey,
    status: key.status,
    user_id: key.caller.userId,
    create_time: key.created,
    description: key.description,
  };
}

const ownerOf = (caller: Caller): KeyOwner => ({ domainId: caller.domainId, userId: caller.userId });

/** `user_id` must name the caller: no one manages another user's keys here. */
function requireOwnUser(caller: Caller, userId: string | undefined): void {
  if (userId !== undefined && userId !== caller.userId) throw forbidden();
}

/** `POST /v3.0/OS-CREDENTIAL/credentials` → 201 with the new AK and its SK. */
export function createCredentialHandler(deps: OperationDeps<AccessKeyCreator> & { sealer: SecretSealer }) {
  return apiHandler<never, CreateCredentialBody>('createCredential', deps, async (event, { caller }) => {
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
    return json(201, { credential: { ...credentialView(key), secret: secretKey } });
  });
}

type ListCredentialsEvent = ValidEvent<never> & { queryStringParameters: { user_id?: string } | null };

/** `GET /v3.0/OS-CREDENTIAL/credentials` → the caller's own keys. */
export function listCredentialsHandler(deps: OperationDeps<AccessKeyLister>) {
  return apiHandler<never>('listCredentials', deps, async (event, { caller }) => {
    requireOwnUser(caller, (event as ListCredentialsEvent).queryStringParameters?.user_id);
    const keys = await deps.store.listAccessKeys(ownerOf(caller));
    return json(200, { credentials: keys.map(credentialView) });
  });
}

/** `PUT /v3.0/OS-CREDENTIAL/credentials/{access}` → 200 with the key, now active or inactive. */
export function updateCredentialHandler(deps: OperationDeps<AccessKeyUpdater>) {
  return apiHandler<CredentialPath, UpdateCredentialBody>('updateCredential', deps, async (event, { caller }) => {
    const key = await deps.store.setAccessKeyStatus(event.pathParameters.access, ownerOf(caller), event.body.credential.status);
    return json(200, { credential: credentialView(key) });
  });
}

/** `DELETE /v3.0/OS-CREDENTIAL/credentials/{access}` → 204. */
export function deleteCredentialHandler(deps: OperationDeps<AccessKeyDeleter>) {
  return apiHandler<CredentialPath>('deleteCredential', deps, async (event, { caller }) => {
    await deps.store.deleteAccessKey(event.pathParameters.access, ownerOf(caller));
    return noContent();
  });
}
