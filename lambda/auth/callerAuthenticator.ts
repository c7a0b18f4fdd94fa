import type { APIGatewayProxyEvent } from 'aws-lambda';
import { isAccessKeyId } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { unauthenticated } from '../errors.js';
import type { RequestLogger } from '../RequestLogger.js';
import type { AccessKeyRefusalReason, AccessKeyResolver } from './accessKeyResolver.js';
import { AuthRefusal, type TokenRefusalReason } from './authRefusal.js';
import { parseSdkAuthorization, type SignatureRefusalReason, type SignedRequest, verifySdkSignature } from './sdkSignature.js';
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
  /** Counts each refusal (AuthFailures). */
  metrics: { authFailure(reason: TokenRefusalReason | AccessKeyRefusalReason | SignatureRefusalReason): void };
  now: () => Date;
}

const TOKEN: CallerCredential = { kind: 'token' };

/**
 * Both ways of proving who one is end in the same `Caller`, so every operation has one code
 * path. A refused signature answers the same 401 as a bad token; the log says why
 * (`token refused` or `signature refused`, with a `reason` of a closed set, and the `header`
 * a signature's refusal concerns, if one), never with the token or the signature itself; the
 * AuthFailures metric counts the reason.
 */
export function createCallerAuthenticator(deps: CallerAuthenticatorDeps): CallerAuthenticator {
  function refuseSignature(
    accessKey: string | undefined,
    refusal: { reason: AccessKeyRefusalReason | SignatureRefusalReason; header?: string | undefined },
  ): never {
    const { reason, header } = refusal;
    deps.logger.info('signature refused', {
      ...(accessKey !== undefined && { accessKey }),
      reason,
      ...(header !== undefined && { header }),
    });
    deps.metrics.authFailure(reason);
    throw unauthenticated();
  }

  async function verifyToken(token: string | undefined): Promise<AuthenticatedCaller> {
    try {
      return { caller: await deps.verifyToken(token), credential: TOKEN };
    } catch (error) {
      if (error instanceof AuthRefusal) {
        deps.logger.info('token refused', { reason: error.reason });
        deps.metrics.authFailure(error.reason);
      }
      throw error;
    }
  }

  return async function authenticateCaller(event) {
    const headers = event.headers ?? {};
    const token = headers['x-auth-token'];
    if (token || !headers.authorization) return verifyToken(token);
    const signature = parseSdkAuthorization(headers.authorization);
    if (!signature) refuseSignature(undefined, { reason: 'malformed Authorization header' });
    if (!isAccessKeyId(signature.accessKey)) refuseSignature(signature.accessKey, { reason: 'malformed access key id' });
    const key = await deps.resolveAccessKey(signature.accessKey);
    if ('refused' in key) refuseSignature(signature.accessKey, { reason: key.refused });
    const check = verifySdkSignature(signedRequestOf(event), signature, key.secretKey, deps.now());
    if (!check.valid) refuseSignature(signature.accessKey, check);
    return { caller: key.caller, credential: { kind: 'access key', accessKeyId: signature.accessKey } };
  };
}

/**
 * The request as the client signed it, from an API Gateway REST proxy event:
 * - the path is `requestContext.path`, the path the client sent, stage or custom domain base
 *   path included (`event.path` has the stage cut off on the execute-api host);
 * - the query's pairs, decoded (the signature's canonical form re-encodes them);
 * - the body's bytes, before any parser has touched it.
 */
function signedRequestOf(event: APIGatewayProxyEvent): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, readonly string[]> = {};
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values) query[name] = values;
  }
  const body =
    event.body === null || event.body === undefined ? null : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
  return { method: event.httpMethod, path: event.requestContext?.path ?? event.path, query, headers, body };
}
