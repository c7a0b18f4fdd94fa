import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { failureKind } from './failureKind.js';
import type { ServiceMetrics } from './ServiceMetrics.js';

/**
 * Counts every failed call of `client` as a StoreError: those of its document clients too,
 * which share its middleware, so the roster's calls (store/ShareRoster.ts) are counted
 * without the store knowing. A refused condition is not a failure but an answer (a share
 * that exists, one that does not). Placed at `initialize`, outside the SDK's retries: a call
 * that succeeds on its second attempt is no error, and a timeout or a refused connection is.
 */
export function countStoreErrors(client: DynamoDBClient, metrics: ServiceMetrics): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) metrics.storeError(failureKind(error));
        throw error;
      }
    },
    // One per client, however many runtimes are built on it (a test, a benchmark).
    { step: 'initialize', name: 'countStoreErrors', override: true },
  );
}
