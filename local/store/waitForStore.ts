import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../lambda/runtime/config.js';
import { localDynamoClient } from './createSharesTable.js';

/** How long `npm start` waits for a DYNAMODB_ENDPOINT that does not answer (yet). */
export const STORE_STARTUP_WAIT_MS = 5_000;

/** One short attempt per probe: the retries are this loop's. */
const PROBE_TIMEOUTS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_000, maxAttempts: 1 };

/** An error the DynamoDB at the other end answered (any HTTP status), not a network failure. */
const answered = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;

/**
 * Waits until the DynamoDB at `endpoint` answers, for at most `waitMs` (it may be starting,
 * e.g. `npm run dynamodb-local` in another terminal).
 * @throws ConfigError naming DYNAMODB_ENDPOINT when nothing answered in time
 */
export async function waitForStore(endpoint: string, waitMs = STORE_STARTUP_WAIT_MS): Promise<void> {
  const client = localDynamoClient(endpoint, PROBE_TIMEOUTS);
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (answered(error)) return; // it is there; what it refuses, creating the table will say
        if (Date.now() >= deadline) {
          const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
          throw new ConfigError(
            `DYNAMODB_ENDPOINT ${endpoint}: no DynamoDB answered within ${Math.round(waitMs / 1000)} s (${reason}): ` +
              'start it (e.g. npm run dynamodb-local), or unset DYNAMODB_ENDPOINT for the embedded store',
          );
        }
        await sleep(200);
      }
    }
  } finally {
    client.destroy();
  }
}
