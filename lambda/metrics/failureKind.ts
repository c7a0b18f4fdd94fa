import type { FailureKind } from './metricNames.js';

/**
 * The names AWS answers a throttled call with: DynamoDB (ProvisionedThroughputExceeded for a
 * table or index, ThrottlingException for control-plane and on-demand limits,
 * RequestLimitExceeded for the account) and KMS (ThrottlingException).
 */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

interface AwsError {
  name?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

/** Whether a failed AWS call was throttled (after the SDK's own retries), or failed otherwise. */
export function failureKind(error: unknown): FailureKind {
  const failure = (error ?? {}) as AwsError;
  const throttled =
    (typeof failure.name === 'string' && THROTTLING_NAMES.has(failure.name)) ||
    failure.$metadata?.httpStatusCode === 429 ||
    failure.$retryable?.throttling === true;
  return throttled ? 'throttle' : 'error';
}
