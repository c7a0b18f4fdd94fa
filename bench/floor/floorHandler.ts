import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { accountKey, repositoryKey } from '../../lambda/store/tableDesign.js';

/**
 * The floor every benchmark compares with: a function that does nothing but the create's
 * DynamoDB write — the same item and the same conditional PutItem as the real one, with no
 * token check, no validation, no rules, no log line.
 */
export function createFloorHandler(documentClient: DynamoDBDocumentClient, tableName: string) {
  return async function putShareOnly(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const { namespace = '', repository = '' } = event.pathParameters ?? {};
    const body = JSON.parse(event.body ?? '{}') as Record<string, string>;
    const pk = repositoryKey(namespace, repository);
    const sk = accountKey(body.access_domain ?? '');
    const now = new Date();
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
          accessDomain: body.access_domain,
          permit: body.permit,
          deadline: body.deadline,
          description: body.description ?? '',
          creatorId: 'floor',
          creatorName: 'floor',
          created: now.toISOString(),
          updated: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      }),
    );
    return { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: '{}' };
  };
}
