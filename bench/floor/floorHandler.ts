import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { accountKey, repositoryKey } from '../../lambda/store/tableDesign.js';

/** What a floor reads of a create request: its path and its body, parsed with no check. */
export interface FloorRequest {
  namespace: string;
  repository: string;
  body: Record<string, string>;
}

export function floorRequest(event: APIGatewayProxyEvent): FloorRequest {
  const { namespace = '', repository = '' } = event.pathParameters ?? {};
  return { namespace, repository, body: JSON.parse(event.body ?? '{}') as Record<string, string> };
}

/**
 * The share's conditional PutItem as the floors send it: the same item and the same
 * condition as the real one's (naming the roster claim, when there is one).
 */
export function floorSharePut(tableName: string, { namespace, repository, body }: FloorRequest, now: Date, claimedAt?: number) {
  const pk = repositoryKey(namespace, repository);
  const sk = accountKey(body.access_domain ?? '');
  return new PutCommand({
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
      ...(claimedAt !== undefined && { claimedAt }),
    },
    ConditionExpression: 'attribute_not_exists(pk) OR activeUntil <= :now',
    ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
  });
}

export const FLOOR_CREATED: APIGatewayProxyResult = { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: '{}' };

/**
 * The floor every benchmark compares with: a function that does nothing but the create's
 * DynamoDB write — the same item and the same conditional PutItem as the real one, with no
 * token check, no validation, no rules, no log line.
 */
export function createFloorHandler(documentClient: DynamoDBDocumentClient, tableName: string) {
  return async function putShareOnly(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    await documentClient.send(floorSharePut(tableName, floorRequest(event), new Date()));
    return FLOOR_CREATED;
  };
}
