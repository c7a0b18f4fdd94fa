import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Operation } from './catalog.js';
import type { ShareStore } from '../store/ShareStore.js';
import { createShareHandler } from './createShare.js';
import { deleteShareHandler } from './deleteShare.js';
import { listSharesHandler } from './listShares.js';
import { showShareHandler } from './showShare.js';
import { updateShareHandler } from './updateShare.js';
import { issueRegistryTokenHandler, type RegistryTokenSettings } from './issueRegistryToken.js';
import { listSharedRepositoriesHandler } from './listSharedRepositories.js';
import type { OperationDeps } from './OperationDeps.js';

export type ApiGatewayHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What every operation together needs. */
export interface ServiceDeps extends OperationDeps<ShareStore> {
  registry: RegistryTokenSettings;
  registryAddress: string | undefined;
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
  };
}
