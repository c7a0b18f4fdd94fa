import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CallerAuthenticator, CallerCredential } from '../../auth/callerAuthenticator.js';
import type { Caller } from '../../domain/permissions.js';
import type { LoggedContext } from './httpApi.js';

/** The Lambda context once the caller is known. */
export interface AuthenticatedContext extends LoggedContext {
  caller: Caller;
  /** How the caller proved it: the audit trail records it. */
  credential: CallerCredential;
}

/**
 * Finds out who is calling (X-Auth-Token or an AK/SK signature) before anything else looks
 * at the request, while the body is still the raw text the signature covers, and puts the
 * caller and its credential on the context. Expects lower-case header names
 * (http-header-normalizer).
 */
export function authenticate(authenticateCaller: CallerAuthenticator): MiddlewareObj<APIGatewayProxyEvent> {
  const authenticateBefore = async (request: Request<APIGatewayProxyEvent>) => {
    const { caller, credential } = await authenticateCaller(request.event);
    Object.assign(request.context as AuthenticatedContext, { caller, credential });
  };
  return { before: authenticateBefore };
}
