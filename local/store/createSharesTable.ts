import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { type ClientTimeouts, timeoutClientOptions } from '../../lambda/aws/clientTimeouts.js';
import { INDEXES, TableDesign } from '../../lambda/store/tableDesign.js';

const stringAttribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });

function indexDefinition(index: (typeof INDEXES)[number]): GlobalSecondaryIndex {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

/** Thrown when the DynamoDB in use cannot add an index (dynalite cannot). */
export class MissingIndexError extends Error {
  constructor(tableName: string, indexName: string) {
    super(
      `The table ${tableName} was made by an older version and lacks the index ${indexName}, which this DynamoDB ` +
        'cannot add: start with a new DATA_DIR (or move the old one aside), or use DynamoDB Local, which can',
    );
    this.name = 'MissingIndexError';
  }
}

/** How long a local DynamoDB may take to build an added index. */
const INDEX_BUILD_TIMEOUT_MS = 30_000;

async function waitUntilActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  const deadline = Date.now() + INDEX_BUILD_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === indexName);
    if (!index) throw new MissingIndexError(tableName, indexName);
    if (index.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`The index ${indexName} of ${tableName} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A table made by an older version lacks the newer indexes: add them, one per update, as
 * on AWS. Local emulators want a provisioned throughput on a new index, which they ignore.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, present: string[]): Promise<void> {
  for (const index of INDEXES.filter(({ name }) => !present.includes(name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [stringAttribute(index.partitionKey), stringAttribute(index.sortKey)],
        GlobalSecondaryIndexUpdates: [
          { Create: { ...indexDefinition(index), ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
        ],
      }),
    );
    await waitUntilActive(client, tableName, index.name);
  }
}

/** The table's name on one machine (`npm start`, `npm run invoke`, `npm run dynamodb-local`). */
export const LOCAL_TABLE_NAME = 'access-domains';

/** The table as the CDK stack defines it, for a local DynamoDB (TTL settings aside). */
export async function ensureSharesTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let present: string[] | undefined;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    present = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (present) {
    await addMissingIndexes(client, tableName, present);
    return;
  }
  const { partitionKey, sortKey } = TableDesign;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [partitionKey, sortKey, ...INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])].map(
          stringAttribute,
        ),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: INDEXES.map(indexDefinition),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/**
 * The store timeouts on one machine: looser than the functions' (lambda/aws/clientTimeouts.ts),
 * because an emulator on a busy laptop (DynamoDB Local is a JVM) answers more slowly than
 * DynamoDB; a stalled store is still answered, 500, within about 12 s.
 */
export const LOCAL_STORE_TIMEOUTS: ClientTimeouts = { connectionTimeoutMs: 2_000, requestTimeoutMs: 4_000, maxAttempts: 2 };

/** A client for a local DynamoDB, which accepts any credentials, and gives up on a stalled one. */
export function localDynamoClient(endpoint: string, timeouts: ClientTimeouts = LOCAL_STORE_TIMEOUTS): DynamoDBClient {
  return new DynamoDBClient({
    ...timeoutClientOptions(timeouts),
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
