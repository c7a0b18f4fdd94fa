/**
 * The create before the limit on accounts per repository, kept here only as the benchmarks'
 * comparison ("createShare without the limit"): the former DynamoShareStore.createShare,
 * one conditional PutItem of the share and no roster. Nothing outside bench/ uses it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { toEpochSeconds } from '../../lambda/domain/deadline.js';
import type { Share } from '../../lambda/domain/share.js';
import { toShareItem } from '../../lambda/store/DynamoShareStore.js';
import { type ShareCreator, ShareExistsError } from '../../lambda/store/ShareStore.js';

/** createShare as it was before the limit (commit cfb2c76's parent): one conditional PutItem. */
export class ShareCreatorWithoutLimit implements ShareCreator {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createShare(share: Share, now: Date): Promise<void> {
    // The item as written before the limit: no roster claim.
    const { claimedAt: _unclaimed, ...item } = toShareItem(share, 0);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // One conditional write decides every race: absent, or the old share expired.
          ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
          ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ShareExistsError();
      throw error;
    }
  }
}
