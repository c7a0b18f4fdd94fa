import type { APIGatewayProxyEvent } from 'aws-lambda';
import { isAccessKeyId } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { unauthenticated } from '../errors.js';
import type { RequestLogger } from '../RequestLogger.js';
import { signedRequestOf } from './signedRequestOf.js';
import type { AccessKeyResolver } from './accessKeyResolver.js';
import { parseSdkAuthorization, verifySdkSignature } from './sdkSignature.js';
import type { TokenVerifier } from './tokenVerifier.js';

/** Who sent a request: from its X-Auth-Token, else from its AK/SK signature; else a 401. */
export type CallerAuthenticator = (event: APIGatewayProxyEvent) => Promise<Caller>;

export interface CallerAuthenticatorDeps {
  verifyToken: TokenVerifier;
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  now: () => Date;
}

/**
 * Both ways of proving who one is end in the same `Caller`, so every operation has one code
 * path. A refused signature answers the same 401 as a bad token; the log says why.
 */
export function createCallerAuthenticator(deps: CallerAuthenticatorDeps): CallerAuthenticator {
  return async function authenticateCaller(event) {
    const headers = event.headers ?? {};
    const token = headers['x-auth-token'];
    const signature = token ? undefined : parseSdkAuthorization(headers.authorization);
    if (!signature) return deps.verifyToken(token);
    const key = isAccessKeyId(signature.accessKey)
      ? await deps.resolveAccessKey(signature.accessKey)
      : { refused: 'malformed access key id' };
    const check = 'refused' in key ? { valid: false as const, reason: key.refused } : verifySdkSignature(signedRequestOf(event), signature, key.secretKey, deps.now());
    if (!check.valid) {
      deps.logger.info('signature refused', { accessKey: signature.accessKey, reason: check.reason });
      throw unauthenticated();
    }
    return (key as { caller: Caller }).caller;
  };
}
