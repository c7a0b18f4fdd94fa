import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isRemoved, toEpochSeconds } from '../domain/deadline.js';
import type { RepositoryRef, Share, ShareRef, ShareTerms } from '../domain/share.js';
import { replaceableUseBefore, type ShareUse } from '../domain/shareUse.js';
import { type ShareChanges, ShareExistsError, ShareNotFoundError, type ShareStore } from './ShareStore.js';
import { ShareRoster } from './ShareRoster.js';
import { accountKey, ownerKey, repositoryKey, SHARE_SORT_KEY_PREFIX, TableDesign } from './tableDesign.js';

/** The attributes an item has beside its share: keys, index keys, the roster claim. */
interface ItemAttributes {
  pk: string;
  sk: string;
  byAccountPk: string;
  byAccountSk: string;
  /** Absent on shares written before the owning account was recorded. */
  byOwnerPk?: string;
  byOwnerSk?: string;
  /** The roster claim it was written under (ShareRoster); absent on shares made before. */
  claimedAt?: number;
}

/**
 * A share item as DynamoDB holds it: the share (domain/share.ts, the one definition), its
 * absent fields left out rather than stored as null, and its item attributes.
 */
type ShareItem = Omit<Share, 'ownerDomain' | 'activeUntil' | 'removeAt'> &
  Partial<Pick<Share, 'ownerDomain'>> & { activeUntil?: number; removeAt?: number } & ItemAttributes;

function keyOf(ref: ShareRef) {
  return { pk: repositoryKey(ref.namespace, ref.repository), sk: accountKey(ref.accessDomain) };
}

/** The item a share is written as: its keys, index keys and fields, and the roster claim it was written under. */
export function toShareItem(share: Share, claimedAt: number): ShareItem {
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
  const { pk, sk, byAccountPk, byAccountSk, byOwnerPk, byOwnerSk, claimedAt, ...share } = item;
  return { ownerDomain: undefined, activeUntil: undefined, removeAt: undefined, ...share };
}

/** Runs a conditional write; a failed condition becomes the domain's error. */
async function writeUnless<Output>(write: Promise<Output>, conditionFailed: () => Error): Promise<Output> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conditionFailed();
    throw error;
  }
}

/**
 * A share's terms among the attributes a write answered (ReturnValues), when they are all
 * there: every share has them, but an attribute a write did not touch is not answered.
 */
function termsAmong(attributes: object | undefined): ShareTerms | undefined {
  const { permit, deadline, description } = (attributes ?? {}) as Partial<ShareTerms>;
  return permit !== undefined && deadline !== undefined && description !== undefined ? { permit, deadline, description } : undefined;
}

/** A share in force: there, and its deadline not passed (an expired one is not past removal yet). */
const IN_FORCE = 'attribute_exists(pk) AND (attribute_not_exists(activeUntil) OR activeUntil > :now)';

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
          Item: toShareItem(share, claim.claimedAt),
          // One conditional write decides every race: absent, or the old share expired.
          ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
          ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
        }),
      ),
      () => new ShareExistsError(),
    );
  }

  async getShare(ref: ShareRef, now: Date): Promise<Share | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keyOf(ref), ConsistentRead: true }));
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
      {
        IndexName: name,
        KeyConditionExpression: `${partitionKey} = :account`,
        ExpressionAttributeValues: { ':account': accountKey(account) },
      },
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

  /**
   * Every share in force no registry token was issued through since `since` (never, or last
   * before it): the operators' "shares never used in N days" (`npm run audit -- --unused`).
   * A Scan of the whole table, which no function is granted: an operator's occasional read.
   */
  async listUnusedSince(since: Date, now: Date): Promise<Share[]> {
    const shares: Share[] = [];
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: `begins_with(sk, :share) AND (attribute_not_exists(activeUntil) OR activeUntil > :now) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :since)`,
        ExpressionAttributeValues: { ':share': SHARE_SORT_KEY_PREFIX, ':now': toEpochSeconds(now), ':since': since.toISOString() },
      },
    );
    for await (const page of pages) shares.push(...((page.Items ?? []) as ShareItem[]).map(toShare));
    return shares;
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

  /**
   * Claims a place on the roster (a revived share takes one), then changes the share; the
   * same UpdateItem answers the terms it replaced (UPDATED_OLD), so the audit trail costs no read.
   */
  async updateShare(ref: ShareRef, changes: ShareChanges, now: Date): Promise<ShareTerms | undefined> {
    const claim = await this.roster.claim(ref, now);
    this.roster.assertFresh(claim);
    const lifetime =
      changes.activeUntil === undefined ? ' REMOVE activeUntil, removeAt' : ', activeUntil = :activeUntil, removeAt = :removeAt';
    const { Attributes } = await writeUnless(
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
          ReturnValues: 'UPDATED_OLD',
        }),
      ),
      () => new ShareNotFoundError(),
    );
    return termsAmong(Attributes);
  }

  /**
   * The stamp of a share's last use. Its condition is the whole guard: the same share as the
   * one relied on (`created`), still in force, and no use recorded within the hour (another
   * container may have written one since the share was read). A refused condition is no
   * failure: the use is recorded already, or the share is gone.
   */
  async recordShareUse(share: ShareRef & Pick<Share, 'created'>, use: ShareUse, now: Date, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(share),
          UpdateExpression: 'SET lastUsedAt = :at, lastUsedBy = :by',
          ConditionExpression: `${IN_FORCE} AND created = :created AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :replaceable)`,
          ExpressionAttributeValues: {
            ':now': toEpochSeconds(now),
            ':created': share.created,
            ':at': use.at.toISOString(),
            ':by': use.by,
            ':replaceable': replaceableUseBefore(now),
          },
        }),
        { ...(signal && { abortSignal: signal }) },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Removes the share, then gives back the place its claim holds on the roster; the delete
   * answers the whole item (ALL_OLD), its terms for the audit trail.
   */
  async deleteShare(ref: ShareRef, now: Date): Promise<ShareTerms | undefined> {
    const { Attributes } = await writeUnless(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keyOf(ref),
          ConditionExpression: PRESENT,
          ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
          ReturnValues: 'ALL_OLD',
        }),
      ),
      () => new ShareNotFoundError(),
    );
    const removed = Attributes as ShareItem | undefined;
    await this.roster.release(ref, removed?.claimedAt);
    return termsAmong(removed);
  }
}
