import type { APIGatewayProxyEvent } from 'aws-lambda';
import { isAccessKeyId } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { unauthenticated } from '../errors.js';
import type { RequestLogger } from '../RequestLogger.js';
import { signedRequestOf } from './signedRequestOf.js';
import type { AccessKeyResolver } from './accessKeyResolver.js';
import { refusalReason } from './authRefusal.js';
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
 * path. A refused signature answers the same 401 as a bad token; the log says why
 * (`token refused` or `signature refused`, with a `reason`), never with the token or the
 * signature itself.
 */
export function createCallerAuthenticator(deps: CallerAuthenticatorDeps): CallerAuthenticator {
  function refuseSignature(accessKey: string | undefined, reason: string): never {
    deps.logger.info('signature refused', { ...(accessKey !== undefined && { accessKey }), reason });
    throw unauthenticated();
  }

  async function verifyToken(token: string | undefined): Promise<Caller> {
    try {
      return await deps.verifyToken(token);
    } catch (error) {
      const reason = refusalReason(error);
      if (reason) deps.logger.info('token refused', { reason });
      throw error;
    }
  }

  return async function authenticateCaller(event) {
    const headers = event.headers ?? {};
    const token = headers['x-auth-token'];
    if (token || !headers.authorization) return verifyToken(token);
    const signature = parseSdkAuthorization(headers.authorization);
    if (!signature) refuseSignature(undefined, 'malformed Authorization header');
    const key = isAccessKeyId(signature.accessKey)
      ? await deps.resolveAccessKey(signature.accessKey)
      : { refused: 'malformed access key id' };
    if ('refused' in key) refuseSignature(signature.accessKey, key.refused);
    const check = verifySdkSignature(signedRequestOf(event), signature, key.secretKey, deps.now());
    if (!check.valid) refuseSignature(signature.accessKey, check.reason);
    return key.caller;
  };
}
