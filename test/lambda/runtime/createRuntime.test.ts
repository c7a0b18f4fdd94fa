import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StdoutAuditTrail } from '../../../lambda/audit/StdoutAuditTrail.js';
import { EmfMetrics } from '../../../lambda/metrics/EmfMetrics.js';
import { createRuntime } from '../../../lambda/runtime/createRuntime.js';
import type { Config } from '../../../lambda/runtime/config.js';
import { parseEmf, recordingMetrics } from '../../support/emfRecorder.js';

/** A function's configuration, its store where nothing answers. */
const CONFIG: Config = {
  tableName: 'shares',
  dynamodbEndpoint: 'http://127.0.0.1:9',
  retentionDays: 30,
  maxAccountsPerRepository: 500,
  token: { issuer: 'issuer', audience: 'audience', algorithms: ['ES256'], keys: { jwks: { keys: [] } } },
};

afterEach(() => {
  jest.restoreAllMocks();
});

describe('createRuntime, as a deployed function builds it', () => {
  it('writes metrics as EMF and audit events as JSON, each a line on stdout, where Lambda sends the log', async () => {
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const runtime = createRuntime(CONFIG, {
      client: new DynamoDBClient({
        endpoint: CONFIG.dynamodbEndpoint!,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    });
    expect(runtime.metrics).toBeInstanceOf(EmfMetrics);
    expect(runtime.audit).toBeInstanceOf(StdoutAuditTrail);
    runtime.metrics.shareChanged('created');
    await runtime.audit.record({ audit: 'token.granted' } as never);
    jest.restoreAllMocks();
    expect(written).toHaveLength(2);
    expect(written.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(parseEmf(written[0]!)).toEqual([
      { namespace: 'SwrAccessDomains', name: 'SharesCreated', unit: 'Count', value: 1, dimensions: {} },
    ]);
    expect(JSON.parse(written[1]!)).toEqual({ audit: 'token.granted' });
  });

  it('counts the store’s failures and the sealer’s, whatever client and sealer it is given', async () => {
    const emf = recordingMetrics();
    const client = new DynamoDBClient({
      endpoint: CONFIG.dynamodbEndpoint!,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const sealer = { seal: async () => Promise.reject(new Error('no key')), open: async () => Promise.reject(new Error('no key')) };
    const runtime = createRuntime(CONFIG, { client, sealer, metrics: emf.metrics });
    await expect(runtime.store.getShare({ namespace: 'demo', repository: 'nginx', accessDomain: 'partner' }, new Date())).rejects.toThrow();
    await expect(runtime.sealer.open('AK', 'sealed')).rejects.toThrow('no key');
    expect(emf.emitted().map(({ name, dimensions }) => [name, dimensions])).toEqual([
      ['StoreErrors', { Kind: 'error' }],
      ['KmsErrors', { Kind: 'error' }],
    ]);
    client.destroy();
  });
});
