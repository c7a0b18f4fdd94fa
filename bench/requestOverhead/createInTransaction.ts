/**
 * The create under the limit as ONE TransactWriteItems (the roster's claim and the share's
 * PutItem, all or nothing), kept here only as the benchmarks' comparison: measured on
 * DynamoDB Local, not chosen (bench/RESULTS.md says why). The embedded dynalite has no
 * transactions. Nothing outside bench/ uses it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { toEpochSeconds } from '../../lambda/domain/deadline.js';
import type { Share } from '../../lambda/domain/share.js';
import { toShareItem } from '../../lambda/store/DynamoShareStore.js';
import { type ShareCreator, ShareExistsError } from '../../lambda/store/ShareStore.js';
import { claimRequest } from '../../lambda/store/ShareRoster.js';

export class ShareCreatorInTransaction implements ShareCreator {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly limit: number,
    /** The real store: a repository's first create (no roster yet) goes through it, as the real one builds it. */
    private readonly firstCreate: ShareCreator,
  ) {}

  async createShare(share: Share, now: Date): Promise<void> {
    const claimedAt = now.getTime();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            // The same claim as the store's (lambda/store/ShareRoster.ts).
            { Update: claimRequest(this.tableName, share, claimedAt, this.limit) },
            {
              Put: {
                TableName: this.tableName,
                Item: toShareItem(share, claimedAt),
                ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
                ExpressionAttributeValues: { ':now': toEpochSeconds(now) },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [roster, item] = error.CancellationReasons ?? [];
      if (item?.Code === 'ConditionalCheckFailed') throw new ShareExistsError();
      // No roster yet (or a full one, which the benchmark never reaches): the real path.
      if (roster?.Code === 'ConditionalCheckFailed') return this.firstCreate.createShare(share, now);
      throw error;
    }
  }
}
