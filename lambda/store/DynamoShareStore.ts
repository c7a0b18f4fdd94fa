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
import { ShareRoster } from './ShareRoster.js';
import { accountKey, ownerKey, repositoryKey, SHARE_SORT_KEY_PREFIX, TableDesign } from './tableDesign.js';

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
  /** The roster claim it was written under (ShareRoster); absent on shares made before. */
  claimedAt?: number;
}

function keyOf(ref: ShareRef) {
  return { pk: repositoryKey(ref.namespace, ref.repository), sk: accountKey(ref.accessDomain) };
}

function toItem(share: Share, claimedAt: number): ShareItem {
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
    claimedAt,
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
 * The only place that knows the table's key shapes and condition expressions; the specs of
 * the operations list the requests each method sends, for the functions' IAM grants. Writes
 * that change which shares are in force go through the repository's roster (ShareRoster),
 * which keeps the limit on accounts per repository.
 */
export class DynamoShareStore implements ShareStore {
  private readonly roster: ShareRoster;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The most accounts a repository may be shared with at once (SWR: 500). */
    maxAccountsPerRepository: number,
  ) {
    this.roster = new ShareRoster(client, tableName, maxAccountsPerRepository);
  }

  /** Claims a place on the roster, then writes the share naming the claim. */
  async createShare(share: Share, now: Date): Promise<void> {
    const claim = await this.roster.claim(share, now);
    this.roster.assertFresh(claim);
    await writeUnless(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(share, claim.claimedAt),
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
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :share)',
        ExpressionAttributeValues: { ':pk': repositoryKey(ref.namespace, ref.repository), ':share': SHARE_SORT_KEY_PREFIX },
        ConsistentRead: true,
      },
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

  /** Claims a place on the roster (a revived share takes one), then changes the share. */
  async updateShare(ref: ShareRef, changes: ShareChanges, now: Date): Promise<void> {
    const claim = await this.roster.claim(ref, now);
    this.roster.assertFresh(claim);
    const lifetime =
      changes.activeUntil === undefined
        ? ' REMOVE activeUntil, removeAt'
        : ', activeUntil = :activeUntil, removeAt = :removeAt';
    await writeUnless(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(ref),
          UpdateExpression: `SET permit = :permit, deadline = :deadline, description = :description, updated = :updated, claimedAt = :claimedAt${lifetime}`,
          ConditionExpression: PRESENT,
          ExpressionAttributeValues: {
            ':now': toEpochSeconds(now),
            ':claimedAt': claim.claimedAt,
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

  /** Removes the share, then gives back the place its claim holds on the roster. */
  async deleteShare(ref: ShareRef, now: Date): Promise<void> {
    let removed: ShareItem | undefined;
    await writeUnless(
      this.client
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: keyOf(ref),
            ConditionExpression: PRESENT,
            ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
            ReturnValues: 'ALL_OLD',
          }),
        )
        .then(({ Attributes }) => {
          removed = Attributes as ShareItem | undefined;
        }),
      () => new ShareNotFoundError(),
    );
    await this.roster.release(ref, removed?.claimedAt);
  }
}
