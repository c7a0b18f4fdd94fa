import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../../lambda/runtime/config.js';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { DynamoShareStore } from '../../../lambda/store/DynamoShareStore.js';
import { INDEXES } from '../../../lambda/store/tableDesign.js';
import { ensureSharesTable, MissingIndexError } from '../../../local/store/createSharesTable.js';
import { foreverShare, NOW } from '../../support/fixtures.js';
import { startTestStore, type TestStore } from '../../support/store.js';

let testStore: TestStore;
beforeEach(async () => {
  testStore = await startTestStore();
});
afterEach(() => testStore.close());

async function indexNames(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName!).sort();
}

describe('ensureSharesTable', () => {
  it('creates the table with every index of the design', async () => {
    expect(await indexNames(testStore.client, testStore.tableName)).toEqual(INDEXES.map((index) => index.name).sort());
  });

  /** A table as the version before the byOwner index made it. */
  async function createOldTable(): Promise<string> {
    const tableName = `old-shares-${randomUUID()}`;
    await testStore.client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'byAccountPk', 'byAccountSk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byAccount',
            KeySchema: [
              { AttributeName: 'byAccountPk', KeyType: 'HASH' },
              { AttributeName: 'byAccountSk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    return tableName;
  }

  // dynalite cannot add an index to a table; DynamoDB Local (and DynamoDB) can.
  const canAddIndexes = Boolean(process.env.TEST_DYNAMODB_ENDPOINT);

  if (!canAddIndexes) {
    it('says plainly what to do where the store cannot add the missing indexes', async () => {
      const tableName = await createOldTable();
      await expect(ensureSharesTable(testStore.client, tableName)).rejects.toThrow(MissingIndexError);
      await expect(ensureSharesTable(testStore.client, tableName)).rejects.toThrow(/lacks the index byOwner.*new DATA_DIR/);
    });
  }

  if (canAddIndexes)
    it('adds the indexes a table made by an older version lacks, and the store can use them', async () => {
      const tableName = await createOldTable();
      await ensureSharesTable(testStore.client, tableName);
      expect(await indexNames(testStore.client, tableName)).toEqual(['byAccount', 'byOwner']);

      const store = new DynamoShareStore(DynamoDBDocumentClient.from(testStore.client), tableName, DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY);
      await store.createShare(foreverShare({ namespace: 'demo', repository: 'nginx', accessDomain: 'partner' }, NOW), NOW);
      expect((await store.listSharedBy('OWNER', NOW)).map((share) => share.accessDomain)).toEqual(['partner']);
    });

  it('leaves a complete table as it is', async () => {
    await ensureSharesTable(testStore.client, testStore.tableName);
    expect(await indexNames(testStore.client, testStore.tableName)).toHaveLength(INDEXES.length);
  });
});
