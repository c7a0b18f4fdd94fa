import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/runtime/config.js';
import { DynamoShareStore } from '../../lambda/store/DynamoShareStore.js';
import { DynamoAccessKeyStore } from '../../lambda/store/DynamoAccessKeyStore.js';
import { startEmbeddedDynamo } from '../../local/store/embeddedDynamo.js';
import { ensureSharesTable, localDynamoClient } from '../../local/store/createSharesTable.js';
import type { ClientTimeouts } from '../../lambda/aws/clientTimeouts.js';

export interface TestStore {
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  store: DynamoShareStore;
  accessKeys: DynamoAccessKeyStore;
  tableName: string;
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A real DynamoDB protocol for tests: an in-memory dynalite by default, or the DynamoDB at
 * TEST_DYNAMODB_ENDPOINT (e.g. DynamoDB Local). Each call gets a table of its own.
 */
export async function startTestStore(
  options: { maxAccountsPerRepository?: number | undefined; timeouts?: ClientTimeouts | undefined } = {},
): Promise<TestStore> {
  const external = process.env.TEST_DYNAMODB_ENDPOINT;
  const embedded = external ? undefined : await startEmbeddedDynamo();
  const endpoint = external ?? embedded!.endpoint;
  const client = localDynamoClient(endpoint, options.timeouts);
  const tableName = `shares-${randomUUID()}`;
  await ensureSharesTable(client, tableName);
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    documentClient,
    store: new DynamoShareStore(documentClient, tableName, options.maxAccountsPerRepository ?? DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY),
    accessKeys: new DynamoAccessKeyStore(documentClient, tableName),
    tableName,
    endpoint,
    async close() {
      // A shared DynamoDB outlives the test: drop its table, so that the store is gone for
      // the handlers too, as it is when the embedded one stops.
      if (external) {
        await client.send(new DeleteTableCommand({ TableName: tableName })).catch((error: unknown) => {
          if (!(error instanceof ResourceNotFoundException)) throw error;
        });
      }
      client.destroy();
      await embedded?.close();
    },
  };
}

/**
 * Where a local service under test keeps its shares: its own embedded store, or the
 * DynamoDB at TEST_DYNAMODB_ENDPOINT with a table of its own.
 */
export function serviceStoreOptions(): { dynamodbEndpoint?: string; tableName?: string } {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  return endpoint ? { dynamodbEndpoint: endpoint, tableName: `shares-${randomUUID()}` } : {};
}
