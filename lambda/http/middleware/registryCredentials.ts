import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { timingSafeEqual } from 'node:crypto';
import type { AccessKeyResolver } from '../../auth/accessKeyResolver.js';
import { authFailureReason } from '../../auth/authFailureReason.js';
import { refusalReason } from '../../auth/authRefusal.js';
import type { TokenVerifier } from '../../auth/tokenVerifier.js';
import { registryLoginKey } from '../../domain/accessKey.js';
import type { Caller } from '../../domain/permissions.js';
import { ApiError, invalidRegistryCredentials } from '../../errors.js';
import type { ServiceMetrics } from '../../metrics/ServiceMetrics.js';
import type { RequestLogger } from '../../RequestLogger.js';
import type { LoggedContext } from './httpApi.js';

/** The Lambda context of a registry token request: no caller means anonymous. */
export interface RegistryContext extends LoggedContext {
  caller: Caller | undefined;
}

/** The user and password of `Authorization: Basic base64(user:password)`, or `null` if malformed. */
export function basicCredentials(authorization: string): { user: string; password: string } | null {
  const match = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** SWR's long-term login: user `<region>@<AK>` (any region name), password the login key. */
const LOGIN_KEY_USER = /^[^@]*@([A-Z0-9]{20})$/;

export interface RegistryCredentialsDeps {
  verifyToken: TokenVerifier;
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  metrics: ServiceMetrics;
}

/** Logs a refused registry login and counts it (AuthFailures), then refuses it: 401. */
function refuseLogin(deps: RegistryCredentialsDeps, accessKey: string | undefined, reason: string): never {
  deps.logger.info('registry login refused', { ...(accessKey !== undefined && { accessKey }), reason });
  deps.metrics.authFailure(authFailureReason(reason));
  throw invalidRegistryCredentials();
}

/** Checks a registry login: the caller, or a 401 {@link invalidRegistryCredentials}. */
export type RegistryLogin = (user: string, password: string) => Promise<Caller>;

/**
 * Registry clients log in with a user name and password, in one of two ways:
 * - SWR's long-term login key: user `<region>@<AK>`, password hex(HMAC-SHA256(SK, AK));
 *   the caller is the key's user, exactly as with a token;
 * - any other user name (clients send the account name) with one of the API's tokens.
 * Both the HTTP Basic form (GET) and OAuth2's password grant (POST) go through this. Each
 * refusal logs `registry login refused` with its reason, never the password.
 */
export function createRegistryLogin(deps: RegistryCredentialsDeps): RegistryLogin {
  function refuse(accessKey: string | undefined, reason: string): never {
    return refuseLogin(deps, accessKey, reason);
  }

  async function loginKeyCaller(accessKey: string, password: string): Promise<Caller> {
    const key = await deps.resolveAccessKey(accessKey);
    if ('refused' in key) refuse(accessKey, key.refused);
    if (!sameText(registryLoginKey(accessKey, key.secretKey), password)) refuse(accessKey, 'wrong login key');
    return key.caller;
  }

  async function tokenCaller(password: string): Promise<Caller> {
    try {
      return await deps.verifyToken(password);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 401) refuse(undefined, refusalReason(error) ?? 'token refused');
      throw error;
    }
  }

  return async function registryLogin(user, password) {
    const accessKey = LOGIN_KEY_USER.exec(user)?.[1];
    return accessKey ? loginKeyCaller(accessKey, password) : tokenCaller(password);
  };
}

/**
 * The HTTP Basic form of a registry login. No credentials at all is an anonymous caller,
 * who is granted nothing but still gets a token, so that clients report "denied" rather
 * than "wrong password". Credentials that do not verify answer 401 with a Basic challenge.
 * Expects lower-case header names.
 */
export function registryCredentials(deps: RegistryCredentialsDeps): MiddlewareObj<APIGatewayProxyEvent> {
  const login = createRegistryLogin(deps);
  const registryCredentialsBefore = async (request: Request<APIGatewayProxyEvent>) => {
    const context = request.context as RegistryContext;
    const authorization = request.event.headers?.authorization;
    if (!authorization) {
      context.caller = undefined;
      return;
    }
    const credentials = basicCredentials(authorization);
    if (!credentials) refuseLogin(deps, undefined, 'malformed Basic credentials');
    context.caller = await login(credentials.user, credentials.password);
  };
  return { before: registryCredentialsBefore };
}

/** Constant-time comparison of two strings (a length difference is no secret). */
function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
