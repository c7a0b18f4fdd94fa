import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  it('writes one line per request on stdout, where Lambda sends the log: the log line, carrying its metrics (EMF) and audit events', async () => {
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const runtime = createRuntime(CONFIG, {
      client: new DynamoDBClient({
        endpoint: CONFIG.dynamodbEndpoint!,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    });
    const event = { audit: 'share.created', repository: 'demo/nginx' };
    await runtime.requestLine!.run(async () => {
      runtime.metrics.shareChanged('created');
      await runtime.audit.record(event as never);
      runtime.metrics.request('createShare', 201, 3.5);
      runtime.requestLine!.write('request', { requestId: 'r-1', status: 201 });
    });
    // Outside a request (a key renewed after its answer), each is a line of its own at once.
    runtime.metrics.kmsError('error');
    await runtime.audit.record(event as never);
    jest.restoreAllMocks();
    expect(written).toHaveLength(3);
    expect(written.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const line = JSON.parse(written[0]!);
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'request',
      requestId: 'r-1',
      status: 201,
      audit: 'share.created',
      auditEvents: [event],
    });
    expect(parseEmf(written[0]!).map(({ name, dimensions, value }) => [name, dimensions, value])).toEqual([
      ['SharesCreated', {}, 1],
      ['Requests', { Operation: 'createShare', StatusClass: '2xx' }, 1],
      ['Latency', { Operation: 'createShare' }, 3.5],
    ]);
    expect(parseEmf(written[1]!)).toEqual([
      { namespace: 'SwrAccessDomains', name: 'KmsErrors', unit: 'Count', value: 1, dimensions: { Kind: 'error' } },
    ]);
    expect(JSON.parse(written[2]!)).toEqual(event);
  });

  it('lets POWERTOOLS_LOG_LEVEL quiet the other log lines, never the request’s line with its metrics and audit events', async () => {
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    try {
      const runtime = createRuntime(CONFIG, { client: new DynamoDBClient({ endpoint: CONFIG.dynamodbEndpoint!, region: 'local' }) });
      await runtime.requestLine!.run(async () => {
        runtime.logger.info('token refused', { reason: 'expired' });
        runtime.metrics.authFailure('expired');
        runtime.requestLine!.write('request', { requestId: 'r-2', status: 401 });
      });
    } finally {
      if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = level;
      jest.restoreAllMocks();
    }
    expect(written.map((line) => JSON.parse(line).message)).toEqual(['request']);
    expect(parseEmf(written[0]!).map(({ name, dimensions }) => [name, dimensions])).toEqual([['AuthFailures', { Reason: 'expired' }]]);
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
