import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Operation } from '../../lambda/operations/catalog.js';
import type { ShareStore } from '../../lambda/store/ShareStore.js';
import { createShareHandler } from '../../lambda/operations/createShare/handler.js';
import { deleteShareHandler } from '../../lambda/operations/deleteShare/handler.js';
import { listSharesHandler } from '../../lambda/operations/listShares/handler.js';
import { showShareHandler } from '../../lambda/operations/showShare/handler.js';
import { updateShareHandler } from '../../lambda/operations/updateShare/handler.js';
import { issueRegistryTokenHandler } from '../../lambda/operations/issueRegistryToken/handler.js';
import type { RegistryTokenSettings } from '../../lambda/registry/tokenIssuer.js';
import { issueRegistryTokenOAuth2Handler } from '../../lambda/operations/issueRegistryTokenOAuth2/handler.js';
import { listSharedRepositoriesHandler } from '../../lambda/operations/listSharedRepositories/handler.js';
import type { OperationDeps } from '../../lambda/operations/OperationDeps.js';
import type { AccessKeyStore } from '../../lambda/store/AccessKeyStore.js';
import type { SecretSealer } from '../../lambda/auth/SecretSealer.js';
import { createCredentialHandler } from '../../lambda/operations/createCredential/handler.js';
import { deleteCredentialHandler } from '../../lambda/operations/deleteCredential/handler.js';
import { listCredentialsHandler } from '../../lambda/operations/listCredentials/handler.js';
import { updateCredentialHandler } from '../../lambda/operations/updateCredential/handler.js';

export type ApiGatewayHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What every operation together needs. */
export interface ServiceDeps extends OperationDeps<ShareStore> {
  registry: RegistryTokenSettings;
  registryAddress: string | undefined;
  accessKeys: AccessKeyStore;
  sealer: SecretSealer;
}

/** Every operation's handler, built from one set of dependencies (local server, tests). */
export function createHandlers(deps: ServiceDeps): Record<Operation, ApiGatewayHandler> {
  return {
    createShare: createShareHandler(deps),
    listShares: listSharesHandler(deps),
    showShare: showShareHandler(deps),
    updateShare: updateShareHandler(deps),
    deleteShare: deleteShareHandler(deps),
    listSharedRepositories: listSharedRepositoriesHandler(deps),
    issueRegistryToken: issueRegistryTokenHandler(deps),
    issueRegistryTokenOAuth2: issueRegistryTokenOAuth2Handler(deps),
    ...credentialHandlers(deps),
  };
}

/** The IAM credential API's handlers, on the access key store. */
export function credentialHandlers(deps: ServiceDeps) {
  const keyDeps = { ...deps, store: deps.accessKeys };
  return {
    createCredential: createCredentialHandler(keyDeps),
    listCredentials: listCredentialsHandler(keyDeps),
    updateCredential: updateCredentialHandler(keyDeps),
    deleteCredential: deleteCredentialHandler(keyDeps),
  };
}
