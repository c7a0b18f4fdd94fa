import type { APIGatewayProxyEvent } from 'aws-lambda';
import { isAccessKeyId } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { unauthenticated } from '../errors.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import type { RequestLogger } from '../RequestLogger.js';
import { signedRequestOf } from './signedRequestOf.js';
import type { AccessKeyResolver } from './accessKeyResolver.js';
import { authFailureReason } from './authFailureReason.js';
import { refusalReason } from './authRefusal.js';
import { parseSdkAuthorization, verifySdkSignature } from './sdkSignature.js';
import type { TokenVerifier } from './tokenVerifier.js';

/** Which credential proved who the caller is: a token, or a signature with an access key (its id). */
export type CallerCredential = { kind: 'token' } | { kind: 'access key'; accessKeyId: string };

/** Who sent a request, and how they proved it (the audit trail says both). */
export interface AuthenticatedCaller {
  caller: Caller;
  credential: CallerCredential;
}

/** Who sent a request: from its X-Auth-Token, else from its AK/SK signature; else a 401. */
export type CallerAuthenticator = (event: APIGatewayProxyEvent) => Promise<AuthenticatedCaller>;

export interface CallerAuthenticatorDeps {
  verifyToken: TokenVerifier;
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  metrics: ServiceMetrics;
  now: () => Date;
}

const TOKEN: CallerCredential = { kind: 'token' };

/**
 * Both ways of proving who one is end in the same `Caller`, so every operation has one code
 * path. A refused signature answers the same 401 as a bad token; the log says why
 * (`token refused` or `signature refused`, with a `reason`), never with the token or the
 * signature itself; the AuthFailures metric counts the reason.
 */
export function createCallerAuthenticator(deps: CallerAuthenticatorDeps): CallerAuthenticator {
  function refuseSignature(accessKey: string | undefined, reason: string): never {
    deps.logger.info('signature refused', { ...(accessKey !== undefined && { accessKey }), reason });
    deps.metrics.authFailure(authFailureReason(reason));
    throw unauthenticated();
  }

  async function verifyToken(token: string | undefined): Promise<AuthenticatedCaller> {
    try {
      return { caller: await deps.verifyToken(token), credential: TOKEN };
    } catch (error) {
      const reason = refusalReason(error);
      if (reason) {
        deps.logger.info('token refused', { reason });
        deps.metrics.authFailure(reason);
      }
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
    return { caller: key.caller, credential: { kind: 'access key', accessKeyId: signature.accessKey } };
  };
}
