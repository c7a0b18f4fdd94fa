import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createRegistryLogin, type RegistryLoginDeps } from '../../auth/registryLogin.js';
import type { Caller } from '../../domain/permissions.js';
import type { LoggedContext } from './httpApi.js';

/** The Lambda context of a registry token request: no caller means anonymous. */
export interface RegistryContext extends LoggedContext {
  caller: Caller | undefined;
}

/**
 * The HTTP Basic form of a registry login (auth/registryLogin.ts) puts the caller on the
 * context: none for no credentials at all; credentials that do not verify answer 401 with a
 * Basic challenge. Expects lower-case header names.
 */
export function registryCredentials(deps: RegistryLoginDeps): MiddlewareObj<APIGatewayProxyEvent> {
  const login = createRegistryLogin(deps);
  const registryCredentialsBefore = async (request: Request<APIGatewayProxyEvent>) => {
    (request.context as RegistryContext).caller = await login.basic(request.event.headers?.authorization);
  };
  return { before: registryCredentialsBefore };
}
