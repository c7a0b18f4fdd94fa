import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Operation } from './catalog.js';
import type { ShareStore } from '../store/ShareStore.js';
import { createShareHandler } from './createShare.js';
import { deleteShareHandler } from './deleteShare.js';
import { listSharesHandler } from './listShares.js';
import { showShareHandler } from './showShare.js';
import { updateShareHandler } from './updateShare.js';
import { issueRegistryTokenHandler, type RegistryTokenSettings } from './issueRegistryToken.js';
import { issueRegistryTokenOAuth2Handler } from './issueRegistryTokenOAuth2.js';
import { listSharedRepositoriesHandler } from './listSharedRepositories.js';
import type { OperationDeps } from './OperationDeps.js';
import type { AccessKeyStore } from '../store/AccessKeyStore.js';
import type { SecretSealer } from '../auth/SecretSealer.js';
import {
  createCredentialHandler,
  deleteCredentialHandler,
  listCredentialsHandler,
  updateCredentialHandler,
} from './credentials.js';

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
