import type { AuthFailureReason } from '../auth/authFailureReasons.js';
import type { TokenDecision } from '../domain/registryAccess.js';
import type { Operation } from '../api/operationNames.js';
import type { FailureKind, ShareChange } from './metricNames.js';

/**
 * What the service counts and times (metricNames.ts), each said where it happens. Every
 * argument is from a closed set, so that nothing a caller sends can become a metric.
 */
export interface ServiceMetrics {
  /** One request answered: its operation, status and time in the middleware chain. */
  request(operation: Operation, status: number, latencyMs: number): void;
  /** What one token answered decided, one decision per repository asked for. */
  tokenDecisions(decisions: readonly TokenDecision[]): void;
  /** A credential refused. */
  authFailure(reason: AuthFailureReason): void;
  /** A DynamoDB call that failed (not a condition refused: that is an answer). */
  storeError(kind: FailureKind): void;
  /** A call of the root key or the secret sealer that failed. */
  kmsError(kind: FailureKind): void;
  /** A share change stored. */
  shareChanged(change: ShareChange): void;
  /** A share's use that could not be recorded (the token was issued all the same), counted by the kind of `error`. */
  shareUseStampFailed(error: unknown): void;
}

/** Where nothing is measured: the local server, which has no CloudWatch to send to. */
export const NO_METRICS: ServiceMetrics = {
  request: () => undefined,
  tokenDecisions: () => undefined,
  authFailure: () => undefined,
  storeError: () => undefined,
  kmsError: () => undefined,
  shareChanged: () => undefined,
  shareUseStampFailed: () => undefined,
};
