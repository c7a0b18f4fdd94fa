import { timingSafeEqual } from 'node:crypto';
import { registryLoginKey } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { invalidRegistryCredentials } from '../errors.js';
import type { RequestLogger } from '../RequestLogger.js';
import type { AccessKeyRefusalReason, AccessKeyResolver } from './accessKeyResolver.js';
import { AuthRefusal, type TokenRefusalReason } from './authRefusal.js';
import type { TokenVerifier } from './tokenVerifier.js';

/** Why a registry login was refused, besides its token's or its key's reasons: for the log and the metric. */
export const REGISTRY_LOGIN_REFUSAL_REASONS = ['malformed Basic credentials', 'wrong login key'] as const;

export type RegistryLoginRefusalReason = (typeof REGISTRY_LOGIN_REFUSAL_REASONS)[number];

/** Every reason a registry login is refused for: its own, its token's, its login key's. */
type LoginRefusal = RegistryLoginRefusalReason | TokenRefusalReason | AccessKeyRefusalReason;

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

export interface RegistryLoginDeps {
  verifyToken: TokenVerifier;
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  /** Counts each refusal (AuthFailures). */
  metrics: { authFailure(reason: LoginRefusal): void };
}

/** Checks a registry login: the caller, or a 401 {@link invalidRegistryCredentials}. */
export interface RegistryLogin {
  /** A user name and password, as OAuth2's password grant sends them. */
  (user: string, password: string): Promise<Caller>;
  /** An `Authorization: Basic …` header; none at all is an anonymous caller (`undefined`). */
  basic(authorization: string | undefined): Promise<Caller | undefined>;
}

/**
 * Registry clients log in with a user name and password, in one of two ways:
 * - SWR's long-term login key: user `<region>@<AK>`, password hex(HMAC-SHA256(SK, AK));
 *   the caller is the key's user, exactly as with a token;
 * - any other user name (clients send the account name) with one of the API's tokens.
 * Both the HTTP Basic form (GET) and OAuth2's password grant (POST) go through this. Each
 * refusal logs `registry login refused` with its reason, never the password, and counts it
 * (AuthFailures).
 */
export function createRegistryLogin(deps: RegistryLoginDeps): RegistryLogin {
  function refuse(accessKey: string | undefined, reason: LoginRefusal): never {
    deps.logger.info('registry login refused', { ...(accessKey !== undefined && { accessKey }), reason });
    deps.metrics.authFailure(reason);
    throw invalidRegistryCredentials();
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
      if (error instanceof AuthRefusal) refuse(undefined, error.reason);
      throw error;
    }
  }

  async function login(user: string, password: string): Promise<Caller> {
    const accessKey = LOGIN_KEY_USER.exec(user)?.[1];
    return accessKey ? loginKeyCaller(accessKey, password) : tokenCaller(password);
  }

  // No credentials at all is an anonymous caller, who is granted nothing but still gets a
  // token, so that clients report "denied" rather than "wrong password".
  login.basic = async (authorization: string | undefined) => {
    if (!authorization) return undefined;
    const credentials = basicCredentials(authorization);
    if (!credentials) refuse(undefined, 'malformed Basic credentials');
    return login(credentials.user, credentials.password);
  };
  return login;
}

/** Constant-time comparison of two strings (a length difference is no secret). */
function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
