import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, paginateQuery, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessKey, AccessKeyStatus } from '../domain/accessKey.js';
import { AccessKeyNotFoundError, type AccessKeyStore, type KeyOwner } from './AccessKeyStore.js';
import { accessKeyItemKey, keyOwnerKey, TableDesign } from './tableDesign.js';

/** An access key item as DynamoDB holds it (keys in tableDesign.ts). */
interface AccessKeyItem extends AccessKey {
  pk: string;
  sk: string;
  byAccountPk: string;
  byAccountSk: string;
}

function toItem(key: AccessKey): AccessKeyItem {
  const itemKey = accessKeyItemKey(key.accessKey);
  return {
    pk: itemKey,
    sk: itemKey,
    byAccountPk: keyOwnerKey(key.caller),
    byAccountSk: `${key.created}#${key.accessKey}`,
    ...key,
  };
}

function toAccessKey(item: AccessKeyItem): AccessKey {
  const { accessKey, sealedSecret, status, caller, description, created } = item;
  return { accessKey, sealedSecret, status, caller, description, created };
}

const keyOf = (accessKey: string) => ({ pk: accessKeyItemKey(accessKey), sk: accessKeyItemKey(accessKey) });

/** The key is there and is the owner's: one condition, so no one learns of others' keys. */
const OWNED = 'byAccountPk = :owner';

/** The only place that knows the access key items' shape; one kind of request a method. */
export class DynamoAccessKeyStore implements AccessKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createAccessKey(key: AccessKey): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(key), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async getAccessKey(accessKey: string): Promise<AccessKey | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keyOf(accessKey), ConsistentRead: true }));
    return Item ? toAccessKey(Item as AccessKeyItem) : undefined;
  }

  async listAccessKeys(owner: KeyOwner): Promise<AccessKey[]> {
    const { name, partitionKey } = TableDesign.byAccountIndex;
    const keys: AccessKey[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: name,
        KeyConditionExpression: `${partitionKey} = :owner`,
        ExpressionAttributeValues: { ':owner': keyOwnerKey(owner) },
      },
    );
    for await (const page of pages) keys.push(...((page.Items ?? []) as AccessKeyItem[]).map(toAccessKey));
    return keys;
  }

  async setAccessKeyStatus(accessKey: string, owner: KeyOwner, status: AccessKeyStatus): Promise<AccessKey> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(accessKey),
          UpdateExpression: 'SET #status = :status',
          ConditionExpression: OWNED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':owner': keyOwnerKey(owner) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toAccessKey(Attributes as AccessKeyItem);
    } catch (error) {
      throw error instanceof ConditionalCheckFailedException ? new AccessKeyNotFoundError() : error;
    }
  }

  async deleteAccessKey(accessKey: string, owner: KeyOwner): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keyOf(accessKey),
          ConditionExpression: OWNED,
          ExpressionAttributeValues: { ':owner': keyOwnerKey(owner) },
        }),
      );
    } catch (error) {
      throw error instanceof ConditionalCheckFailedException ? new AccessKeyNotFoundError() : error;
    }
  }
}
