import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { CallerAuthenticator } from '../../auth/callerAuthenticator.js';
import type { Caller } from '../../domain/permissions.js';

/** The Lambda context once the caller is known. */
export interface AuthenticatedContext extends Context {
  caller: Caller;
}

/**
 * Finds out who is calling (X-Auth-Token or an AK/SK signature) before anything else looks
 * at the request, while the body is still the raw text the signature covers, and puts the
 * caller on the context. Expects lower-case header names (http-header-normalizer).
 */
export function authenticate(authenticateCaller: CallerAuthenticator): MiddlewareObj<APIGatewayProxyEvent> {
  const authenticateBefore = async (request: Request<APIGatewayProxyEvent>) => {
    (request.context as AuthenticatedContext).caller = await authenticateCaller(request.event);
  };
  return { before: authenticateBefore };
}
