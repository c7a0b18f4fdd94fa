import type { Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The request object middy hands a middleware, around the parts of an event a test sets. */
export function middyRequest(
  event: Partial<APIGatewayProxyEvent> = {},
  context: Partial<Context> = {},
): Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> {
  return {
    event: { headers: {}, pathParameters: null, body: null, isBase64Encoded: false, ...event } as APIGatewayProxyEvent,
    context: { awsRequestId: 'lambda-request', ...context } as Context,
    response: null as unknown as APIGatewayProxyResult,
    error: null as unknown as Error,
    internal: {},
  };
}
