import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { countStoreErrors } from '../../../lambda/metrics/storeErrorMetrics.js';
import { recordingMetrics } from '../../support/emfRecorder.js';
import { injectStoreFaults } from '../../support/storeFaults.js';
import { startTestStore, type TestStore } from '../../support/store.js';

let store: TestStore;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(() => store.close());

/** Makes the next `times` attempts (each retry one) fail as DynamoDB throttles, before they reach it. */
function throttle(client: DynamoDBClient, times: number) {
  let left = times;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (left > 0) {
        left -= 1;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'throttleForTest', override: true },
  );
}

const put = (pk: string, condition?: string) =>
  store.documentClient.send(
    new PutCommand({ TableName: store.tableName, Item: { pk, sk: 'test' }, ...(condition && { ConditionExpression: condition }) }),
  );

describe('countStoreErrors', () => {
  it('counts a call that fails, by its kind, after the SDK’s retries, and not a condition refused', async () => {
    const emf = recordingMetrics();
    countStoreErrors(store.client, emf.metrics);
    countStoreErrors(store.client, emf.metrics); // twice on one client: still counted once
    const faults = injectStoreFaults(store.client);

    await put('a');
    await expect(put('a', 'attribute_not_exists(pk)')).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(emf.lines).toEqual([]);

    faults.failCall(1, 'refused');
    await expect(put('b')).rejects.toThrow('ECONNREFUSED');
    expect(emf.named('StoreErrors')).toEqual([{ dimensions: { Kind: 'error' }, value: 1 }]);

    emf.clear();
    throttle(store.client, 1); // the retry succeeds: no failure
    await put('c');
    expect(emf.lines).toEqual([]);

    throttle(store.client, 10);
    await expect(put('d')).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    expect(emf.named('StoreErrors')).toEqual([{ dimensions: { Kind: 'throttle' }, value: 1 }]);
    throttle(store.client, 0);
  });
});
