import { DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { existsSync } from 'node:fs';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/runtime/config.js';
import type { Share } from '../../lambda/domain/share.js';
import { DynamoShareStore } from '../../lambda/store/DynamoShareStore.js';
import { LOCAL_TABLE_NAME, localDynamoClient } from '../store/createSharesTable.js';
import { announcedStoreEndpoint, embeddedStoreFolder, lockDataDir } from '../store/dataDir.js';
import { startEmbeddedDynamo } from '../store/embeddedDynamo.js';

/** Where `npm run audit -- --unused` reads the shares. */
export interface UnusedSharesSource {
  dataDir: string;
  /** DYNAMODB_ENDPOINT, when the server runs on an external DynamoDB. */
  dynamodbEndpoint: string | undefined;
  /** The table; without an endpoint, a deployed one (AWS credentials and region from the environment). */
  tableName: string | undefined;
}

/** The shares of a store, read with `read`, from a client of it; a table not made yet has none. */
async function fromClient(client: DynamoDBClient, tableName: string, read: (store: DynamoShareStore) => Promise<Share[]>) {
  const store = new DynamoShareStore(DynamoDBDocumentClient.from(client), tableName, DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY);
  try {
    return await read(store);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  } finally {
    client.destroy();
  }
}

/**
 * The shares in force that no registry token was issued through since `since`, from the store
 * the server of the same settings uses: DYNAMODB_ENDPOINT's; a deployed table (`--table`);
 * or DATA_DIR's embedded store, through the server that holds it while one runs, else opened here.
 */
export async function unusedShares(source: UnusedSharesSource, since: Date, now: Date): Promise<Share[]> {
  const read = (store: DynamoShareStore) => store.listUnusedSince(since, now);
  const table = source.tableName ?? LOCAL_TABLE_NAME;
  if (source.dynamodbEndpoint) return fromClient(localDynamoClient(source.dynamodbEndpoint), table, read);
  if (source.tableName) return fromClient(new DynamoDBClient({}), table, read);
  const served = await announcedStoreEndpoint(source.dataDir);
  if (served) return fromClient(localDynamoClient(served), table, read);
  // No server has kept shares here yet: nothing to open (and nothing to create).
  if (!existsSync(embeddedStoreFolder(source.dataDir))) return [];
  const lock = await lockDataDir(source.dataDir, 'npm run audit -- --unused');
  try {
    const embedded = await startEmbeddedDynamo({ path: embeddedStoreFolder(source.dataDir) });
    try {
      return await fromClient(localDynamoClient(embedded.endpoint), table, read);
    } finally {
      await embedded.close();
    }
  } finally {
    await lock.release();
  }
}
