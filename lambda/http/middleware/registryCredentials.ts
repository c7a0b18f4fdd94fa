import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { TokenVerifier } from '../../auth/tokenVerifier.js';
import type { Caller } from '../../domain/permissions.js';
import { ApiError, invalidRegistryCredentials } from '../../errors.js';
import type { LoggedContext } from './httpApi.js';

/** The Lambda context of a registry token request: no caller means anonymous. */
export interface RegistryContext extends LoggedContext {
  caller: Caller | undefined;
}

/** The password of `Authorization: Basic base64(user:password)`, or `null` if malformed. */
export function basicPassword(authorization: string): string | null {
  const match = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * Registry clients log in with HTTP Basic: the user name is free (clients send the account
 * name) and the password is one of the API's tokens. No credentials at all is an anonymous
 * caller, who is granted nothing but still gets a token, so that clients report "denied"
 * rather than "wrong password". Credentials that do not verify answer 401 with a Basic
 * challenge. Expects lower-case header names (http-header-normalizer).
 */
export function registryCredentials(verifyToken: TokenVerifier): MiddlewareObj<APIGatewayProxyEvent> {
  const registryCredentialsBefore = async (request: Request<APIGatewayProxyEvent>) => {
    const context = request.context as RegistryContext;
    const authorization = request.event.headers?.authorization;
    if (!authorization) {
      context.caller = undefined;
      return;
    }
    const password = basicPassword(authorization);
    if (!password) throw invalidRegistryCredentials();
    try {
      context.caller = await verifyToken(password);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 401) throw invalidRegistryCredentials();
      throw error;
    }
  };
  return { before: registryCredentialsBefore };
}
