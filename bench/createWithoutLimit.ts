/**
 * The create before the limit on accounts per repository, kept here only as the benchmarks'
 * comparison ("createShare without the limit"): the former DynamoShareStore.createShare,
 * one conditional PutItem of the share and no roster. Nothing outside bench/ uses it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { toEpochSeconds } from '../lambda/domain/deadline.js';
import type { Share } from '../lambda/domain/share.js';
import { type ShareCreator, ShareExistsError } from '../lambda/store/ShareStore.js';
import { accountKey, ownerKey, repositoryKey } from '../lambda/store/tableDesign.js';

/** The share item as the store wrote it before the limit (no `claimedAt`). */
function toItem(share: Share) {
  const pk = repositoryKey(share.namespace, share.repository);
  const sk = accountKey(share.accessDomain);
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

/** createShare as it was before the limit (commit cfb2c76's parent): one conditional PutItem. */
export class ShareCreatorWithoutLimit implements ShareCreator {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createShare(share: Share, now: Date): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(share),
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
