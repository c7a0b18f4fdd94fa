import { describe, expect, it } from '@jest/globals';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { failureKind } from '../../../lambda/metrics/failureKind.js';

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe('failureKind', () => {
  it('is throttle for what DynamoDB and KMS throttle with', () => {
    expect(failureKind(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }))).toBe('throttle');
    for (const name of ['ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'])
      expect(failureKind(named(name))).toBe('throttle');
    expect(failureKind(named('SomethingNew', { $metadata: { httpStatusCode: 429 } }))).toBe('throttle');
    expect(failureKind(named('SomethingNew', { $retryable: { throttling: true } }))).toBe('throttle');
  });

  it('is error for anything else, a timeout or a refused connection included', () => {
    for (const error of [
      named('TimeoutError'),
      named('InternalServerError', { $metadata: { httpStatusCode: 500 } }),
      new Error('ECONNREFUSED'),
      undefined,
      'text',
    ]) {
      expect(failureKind(error)).toBe('error');
    }
  });
});
