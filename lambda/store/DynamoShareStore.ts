import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isRemoved, toEpochSeconds } from '../domain/deadline.js';
import type { RepositoryRef, Share, ShareRef } from '../domain/share.js';
import {
  type ShareChanges,
  ShareExistsError,
  ShareNotFoundError,
  type ShareStore,
} from './ShareStore.js';
import { accountKey, ownerKey, repositoryKey, TableDesign } from './tableDesign.js';

/** A share item as DynamoDB holds it. */
interface ShareItem {
  pk: string;
  sk: string;
  byAccountPk: string;
  byAccountSk: string;
  /** Absent on shares written before the owning account was recorded. */
  byOwnerPk?: string;
  byOwnerSk?: string;
  ownerDomain?: string;
  namespace: string;
  repository: string;
  accessDomain: string;
  permit: string;
  deadline: string;
  description: string;
  creatorId: string;
  creatorName: string;
  created: string;
  updated: string;
  activeUntil?: number;
  removeAt?: number;
}

function keyOf(ref: ShareRef) {
  return { pk: repositoryKey(ref.namespace, ref.repository), sk: accountKey(ref.accessDomain) };
}

function toItem(share: Share): ShareItem {
  const { pk, sk } = keyOf(share);
  const { activeUntil, removeAt, ownerDomain, ...fields } = share;
  return {
    pk,
    sk,
    byAccountPk: sk,
    byAccountSk: pk,
    ...(ownerDomain !== undefined && { byOwnerPk: ownerKey(ownerDomain), byOwnerSk: `${pk}#${sk}`, ownerDomain }),
    ...fields,
    ...(activeUntil !== undefined && { activeUntil }),
    ...(removeAt !== undefined && { removeAt }),
  };
}

function toShare(item: ShareItem): Share {
  return {
    namespace: item.namespace,
    repository: item.repository,
    accessDomain: item.accessDomain,
    ownerDomain: item.ownerDomain,
    permit: item.permit,
    deadline: item.deadline,
    description: item.description,
    creatorId: item.creatorId,
    creatorName: item.creatorName,
    created: item.created,
    updated: item.updated,
    activeUntil: item.activeUntil,
    removeAt: item.removeAt,
  };
}

/** Runs a conditional write; a failed condition becomes the domain's error. */
async function writeUnless(write: Promise<unknown>, conditionFailed: () => Error): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conditionFailed();
    throw error;
  }
}

/** A share that is there and not past its removal time (TTL deletes late). */
const PRESENT = 'attribute_exists(pk) AND (attribute_not_exists(removeAt) OR removeAt > :now)';

/**
 * The only place that knows the table's key shapes and condition expressions. Each method
 * sends one kind of request; the operation catalog lists them for the functions' IAM grants.
 */
export class DynamoShareStore implements ShareStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createShare(share: Share, now: Date): Promise<void> {
    await writeUnless(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(share),
          // One conditional write decides every race: absent, or the old share expired.
          ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
          ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
        }),
      ),
      () => new ShareExistsError(),
    );
  }

  async getShare(ref: ShareRef, now: Date): Promise<Share | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(ref), ConsistentRead: true }),
    );
    const item = Item as ShareItem | undefined;
    return item && !isRemoved(item.removeAt, now) ? toShare(item) : undefined;
  }

  listShares(ref: RepositoryRef, now: Date): Promise<Share[]> {
    return this.query(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': repositoryKey(ref.namespace, ref.repository) }, ConsistentRead: true },
      now,
    );
  }

  listSharedWith(account: string, now: Date): Promise<Share[]> {
    const { name, partitionKey } = TableDesign.byAccountIndex;
    return this.query(
      { IndexName: name, KeyConditionExpression: `${partitionKey} = :account`, ExpressionAttributeValues: { ':account': accountKey(account) } },
      now,
    );
  }

  listSharedBy(owner: string, now: Date): Promise<Share[]> {
    const { name, partitionKey } = TableDesign.byOwnerIndex;
    return this.query(
      { IndexName: name, KeyConditionExpression: `${partitionKey} = :owner`, ExpressionAttributeValues: { ':owner': ownerKey(owner) } },
      now,
    );
  }

  /** Every share one Query finds (all its pages), less those past their removal time. */
  private async query(
    input: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues' | 'ConsistentRead'>,
    now: Date,
  ): Promise<Share[]> {
    const shares: Share[] = [];
    for await (const page of paginateQuery({ client: this.client }, { TableName: this.tableName, ...input })) {
      for (const item of (page.Items ?? []) as ShareItem[]) {
        if (!isRemoved(item.removeAt, now)) shares.push(toShare(item));
      }
    }
    return shares;
  }

  async updateShare(ref: ShareRef, changes: ShareChanges, now: Date): Promise<void> {
    const lifetime =
      changes.activeUntil === undefined
        ? ' REMOVE activeUntil, removeAt'
        : ', activeUntil = :activeUntil, removeAt = :removeAt';
    await writeUnless(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(ref),
          UpdateExpression: `SET permit = :permit, deadline = :deadline, description = :description, updated = :updated${lifetime}`,
          ConditionExpression: PRESENT,
          ExpressionAttributeValues: {
            ':now': toEpochSeconds(now),
            ':permit': changes.permit,
            ':deadline': changes.deadline,
            ':description': changes.description,
            ':updated': changes.updated,
            ...(changes.activeUntil !== undefined && {
              ':activeUntil': changes.activeUntil,
              ':removeAt': changes.removeAt,
            }),
          },
        }),
      ),
      () => new ShareNotFoundError(),
    );
  }

  async deleteShare(ref: ShareRef, now: Date): Promise<void> {
    await writeUnless(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keyOf(ref),
          ConditionExpression: PRESENT,
          ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
        }),
      ),
      () => new ShareNotFoundError(),
    );
  }
}
