import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/config.js';
import { claimRequest } from '../../lambda/store/ShareRoster.js';
import { accountKey, repositoryKey, ROSTER_SORT_KEY } from '../../lambda/store/tableDesign.js';

/**
 * The floor of a create under the limit on accounts per repository (docs/access-domains.md
 * §9): the store work no limited create can do without, and nothing else — no token check,
 * no validation, no rules, no log line.
 * - one conditional UpdateItem claiming the account a place on the repository's roster item
 *   (ShareRoster's own request: the same key, expression and condition);
 * - the share's conditional PutItem (the same item and condition as the real one's,
 *   naming the claim).
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
    const { namespace = '', repository = '' } = event.pathParameters ?? {};
    const body = JSON.parse(event.body ?? '{}') as Record<string, string>;
    const accessDomain = body.access_domain ?? '';
    const pk = repositoryKey(namespace, repository);
    const sk = accountKey(accessDomain);
    const now = new Date();
    const claimedAt = now.getTime();
    try {
      await claim(namespace, repository, accessDomain, claimedAt);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await makeRoster(pk);
      await claim(namespace, repository, accessDomain, claimedAt);
    }
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk,
          sk,
          byAccountPk: sk,
          byAccountSk: pk,
          byOwnerPk: 'OWNER#floor',
          byOwnerSk: `${pk}#${sk}`,
          ownerDomain: 'floor',
          namespace,
          repository,
          accessDomain,
          permit: body.permit,
          deadline: body.deadline,
          description: body.description ?? '',
          creatorId: 'floor',
          creatorName: 'floor',
          created: now.toISOString(),
          updated: now.toISOString(),
          claimedAt,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      }),
    );
    return { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: '{}' };
  };
}
