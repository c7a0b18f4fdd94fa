import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Operation } from '../routes.js';
import type { ShareStore } from '../store/ShareStore.js';
import { createShareHandler } from './createShare.js';
import type { OperationDeps } from './OperationDeps.js';

export type ApiGatewayHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Every operation's handler, built from one set of dependencies (local server, tests). */
export function createHandlers(deps: OperationDeps<ShareStore>): Partial<Record<Operation, ApiGatewayHandler>> {
  return {
    createShare: createShareHandler(deps),
  };
}
