import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/runtime/config.js';
import { claimRequest } from '../../lambda/store/ShareRoster.js';
import { repositoryKey, ROSTER_SORT_KEY } from '../../lambda/store/tableDesign.js';
import { FLOOR_CREATED, floorRequest, floorSharePut } from './floorHandler.js';

/**
 * The floor of a create under the limit on accounts per repository (docs/access-domains.md
 * §9): the store work no limited create can do without, and nothing else — no token check,
 * no validation, no rules, no log line.
 * - one conditional UpdateItem claiming the account a place on the repository's roster item
 *   (ShareRoster's own request: the same key, expression and condition);
 * - the share's conditional PutItem, as the bare floor sends it (floorHandler.ts), naming
 *   the claim.
 * On a repository's first create the claim finds no roster: it is made, empty (one PutItem,
 * unless another create made it meanwhile), and the claim sent again. The real store also
 * reads the repository's older shares (GetItem, Query) to build a roster from them; the floor
 * has none to read.
 */
export function createClaimFloorHandler(
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  limit: number = DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY,
) {
  const claim = (namespace: string, repository: string, accessDomain: string, claimedAt: number) =>
    documentClient.send(new UpdateCommand(claimRequest(tableName, { namespace, repository, accessDomain }, claimedAt, limit)));

  async function makeRoster(pk: string): Promise<void> {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk, sk: ROSTER_SORT_KEY, holders: {} },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  return async function claimAndPutShare(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const request = floorRequest(event);
    const { namespace, repository } = request;
    const accessDomain = request.body.access_domain ?? '';
    const now = new Date();
    const claimedAt = now.getTime();
    try {
      await claim(namespace, repository, accessDomain, claimedAt);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await makeRoster(repositoryKey(namespace, repository));
      await claim(namespace, repository, accessDomain, claimedAt);
    }
    await documentClient.send(floorSharePut(tableName, request, now, claimedAt));
    return FLOOR_CREATED;
  };
}
