import { NodeHttpHandler } from '@smithy/node-http-handler';

/** How long one AWS call may take, and how often the SDK tries it. */
export interface ClientTimeouts {
  /** To open the connection (TCP, TLS). */
  connectionTimeoutMs: number;
  /** From sending the request to the end of the answer. */
  requestTimeoutMs: number;
  /** Attempts in all, the first one included. */
  maxAttempts: number;
}

/**
 * The functions run for at most 10 s (infra/constructs/ServiceFunction.ts); the SDK's own
 * defaults (no connection timeout, a 300 s socket timeout) would let a stalled DynamoDB or
 * KMS hold a request until Lambda kills it, with nothing in our log and a 502 for the
 * caller. Two attempts of at most 1 s + 1.2 s, with the standard back-off between them (at
 * most 0.1 s), end in 4.5 s at worst, which leaves room for a JWKS fetch at cold start
 * (5 s at most): the failure is then ours to log and answer as a clean 500. A healthy call
 * takes milliseconds, far from either limit.
 */
export const AWS_CLIENT_TIMEOUTS: ClientTimeouts = { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_200, maxAttempts: 2 };

/** The options of an AWS SDK client (DynamoDB, KMS) that make it give up within `timeouts`. */
export function timeoutClientOptions(timeouts: ClientTimeouts = AWS_CLIENT_TIMEOUTS) {
  return {
    maxAttempts: timeouts.maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Otherwise an exceeded requestTimeout only logs a warning and the call goes on waiting.
      throwOnRequestTimeout: true,
    }),
  };
}
