import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AUTH_FAILURE_REASONS } from '../../../lambda/auth/authFailureReasons.js';
import { TOKEN_DECISIONS } from '../../../lambda/domain/registryAccess.js';
import { METRICS_NAMESPACE, statusClass } from '../../../lambda/metrics/metricNames.js';
import { OPERATIONS } from '../../../lambda/operations/catalog.js';
import { recordingMetrics } from '../../support/emfRecorder.js';

describe('RequestTelemetry, outside a request', () => {
  it('writes one EMF document a line, in the namespace SwrAccessDomains, with exactly the dimensions named (no `service`)', () => {
    const emf = recordingMetrics();
    emf.metrics.request('createShare', 201, 12.5);
    expect(emf.lines).toHaveLength(2);
    const [requests, latency] = emf.lines.map((line) => JSON.parse(line));
    expect(requests).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          { Namespace: 'SwrAccessDomains', Dimensions: [['Operation', 'StatusClass']], Metrics: [{ Name: 'Requests', Unit: 'Count' }] },
        ],
      },
      Operation: 'createShare',
      StatusClass: '2xx',
      Requests: 1,
    });
    expect(latency).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          { Namespace: 'SwrAccessDomains', Dimensions: [['Operation']], Metrics: [{ Name: 'Latency', Unit: 'Milliseconds' }] },
        ],
      },
      Operation: 'createShare',
      Latency: 12.5,
    });
    expect(Math.abs(requests._aws.Timestamp - Date.now())).toBeLessThan(60_000);
  });

  it('publishes a metric without dimensions under the empty dimension set, which CloudWatch keeps as the metric alone', () => {
    const emf = recordingMetrics();
    emf.metrics.shareChanged('created');
    emf.metrics.shareChanged('updated');
    emf.metrics.shareChanged('revoked');
    expect(emf.lines.map((line) => JSON.parse(line)._aws.CloudWatchMetrics[0].Dimensions)).toEqual([[[]], [[]], [[]]]);
    expect(emf.emitted().map(({ name, unit, value, dimensions }) => [name, unit, value, dimensions])).toEqual([
      ['SharesCreated', 'Count', 1, {}],
      ['SharesUpdated', 'Count', 1, {}],
      ['SharesRevoked', 'Count', 1, {}],
    ]);
  });

  it('counts the decisions of one token by decision, one document per decision', () => {
    const emf = recordingMetrics();
    emf.metrics.tokenDecisions(['granted', 'no_share', 'granted', 'anonymous']);
    expect(emf.named('TokenDecisions')).toEqual([
      { dimensions: { Decision: 'granted' }, value: 2 },
      { dimensions: { Decision: 'no_share' }, value: 1 },
      { dimensions: { Decision: 'anonymous' }, value: 1 },
    ]);
    emf.clear();
    emf.metrics.tokenDecisions([]);
    expect(emf.lines).toEqual([]);
  });

  it('counts refusals, store and KMS failures by their one dimension', () => {
    const emf = recordingMetrics();
    emf.metrics.authFailure('expired');
    emf.metrics.storeError('throttle');
    emf.metrics.kmsError('error');
    expect(emf.emitted().map(({ name, dimensions }) => [name, dimensions])).toEqual([
      ['AuthFailures', { Reason: 'expired' }],
      ['StoreErrors', { Kind: 'throttle' }],
      ['KmsErrors', { Kind: 'error' }],
    ]);
  });

  it('keeps no dimension from one metric to the next, however they are interleaved (property)', () => {
    const call = fc.oneof(
      fc.record({
        request: fc.constantFrom(...OPERATIONS),
        status: fc.integer({ min: 200, max: 599 }),
        ms: fc.double({ min: 0, max: 1e4, noNaN: true }),
      }),
      fc.record({ decisions: fc.array(fc.constantFrom(...TOKEN_DECISIONS)) }),
      fc.record({ reason: fc.constantFrom(...AUTH_FAILURE_REASONS) }),
      fc.record({ store: fc.constantFrom('throttle', 'error' as const) }),
      fc.record({ change: fc.constantFrom('created', 'updated', 'revoked' as const) }),
    );
    fc.assert(
      fc.property(fc.array(call, { maxLength: 20 }), (calls) => {
        const emf = recordingMetrics();
        const expected: { name: string; dimensions: Record<string, string> }[] = [];
        for (const c of calls) {
          if ('request' in c) {
            emf.metrics.request(c.request, c.status, c.ms);
            expected.push({ name: 'Requests', dimensions: { Operation: c.request, StatusClass: statusClass(c.status) } });
            expected.push({ name: 'Latency', dimensions: { Operation: c.request } });
          } else if ('decisions' in c) {
            emf.metrics.tokenDecisions(c.decisions);
            for (const decision of new Set(c.decisions)) expected.push({ name: 'TokenDecisions', dimensions: { Decision: decision } });
          } else if ('reason' in c) {
            emf.metrics.authFailure(c.reason);
            expected.push({ name: 'AuthFailures', dimensions: { Reason: c.reason } });
          } else if ('store' in c) {
            emf.metrics.storeError(c.store);
            expected.push({ name: 'StoreErrors', dimensions: { Kind: c.store } });
          } else {
            emf.metrics.shareChanged(c.change);
            expected.push({ name: `Shares${c.change[0]!.toUpperCase()}${c.change.slice(1)}`, dimensions: {} });
          }
        }
        expect(emf.emitted().map(({ name, dimensions }) => ({ name, dimensions }))).toEqual(expected);
        expect(emf.emitted().every(({ namespace }) => namespace === METRICS_NAMESPACE)).toBe(true);
      }),
    );
  });
});

describe('statusClass', () => {
  it('is 2xx below 400, 4xx below 500, 5xx from there', () => {
    expect([200, 201, 204, 399, 400, 404, 499, 500, 503].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '2xx',
      '2xx',
      '4xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
    ]);
  });
});
