import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { TokenVerifier } from '../../auth/tokenVerifier.js';
import type { Caller } from '../../domain/permissions.js';

/** The Lambda context once the caller is known. */
export interface AuthenticatedContext extends Context {
  caller: Caller;
}

/**
 * Verifies `X-Auth-Token` before anything else looks at the request, and puts the caller
 * on the context. Expects lower-case header names (http-header-normalizer).
 */
export function authenticate(verifyToken: TokenVerifier): MiddlewareObj<APIGatewayProxyEvent> {
  const authenticateBefore = async (request: Request<APIGatewayProxyEvent>) => {
    const caller = await verifyToken(request.event.headers?.['x-auth-token']);
    (request.context as AuthenticatedContext).caller = caller;
  };
  return { before: authenticateBefore };
}
