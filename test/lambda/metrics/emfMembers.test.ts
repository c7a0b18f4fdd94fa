import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AUTH_FAILURE_REASONS } from '../../../lambda/auth/authFailureReasons.js';
import { TOKEN_DECISIONS } from '../../../lambda/domain/registryAccess.js';
import { emfDocuments, type Measurement } from '../../../lambda/metrics/emfMembers.js';
import { RequestTelemetry } from '../../../lambda/metrics/RequestTelemetry.js';
import { OPERATIONS } from '../../../lambda/operations/catalog.js';
import { parseEmf } from '../../support/emfRecorder.js';
import { expectValidEmf } from '../../support/emfSpecification.js';

const measurement = fc.oneof(
  fc.record({
    name: fc.constant('Requests'),
    unit: fc.constant('Count' as const),
    value: fc.constant(1),
    dimensions: fc.record({ Operation: fc.constantFrom(...OPERATIONS), StatusClass: fc.constantFrom('2xx', '4xx', '5xx') }),
  }),
  fc.record({
    name: fc.constant('Latency'),
    unit: fc.constant('Milliseconds' as const),
    value: fc.double({ min: 0, max: 1e4, noNaN: true }),
    dimensions: fc.record({ Operation: fc.constantFrom(...OPERATIONS) }),
  }),
  fc.record({
    name: fc.constant('TokenDecisions'),
    unit: fc.constant('Count' as const),
    value: fc.integer({ min: 1, max: 5 }),
    dimensions: fc.record({ Decision: fc.constantFrom(...TOKEN_DECISIONS) }),
  }),
  fc.record({
    name: fc.constant('AuthFailures'),
    unit: fc.constant('Count' as const),
    value: fc.constant(1),
    dimensions: fc.record({ Reason: fc.constantFrom(...AUTH_FAILURE_REASONS) }),
  }),
  fc.record({
    name: fc.constantFrom('StoreErrors', 'KmsErrors', 'ShareUseStampFailures'),
    unit: fc.constant('Count' as const),
    value: fc.constant(1),
    dimensions: fc.record({ Kind: fc.constantFrom('throttle', 'error') }),
  }),
  fc.record({
    name: fc.constantFrom('SharesCreated', 'SharesUpdated', 'SharesRevoked'),
    unit: fc.constant('Count' as const),
    value: fc.constant(1),
    dimensions: fc.constant({}),
  }),
);

/** Each sample of each metric by its dimensions, in a form that compares whatever the grouping. */
const samples = (metrics: { name: string; unit: string; value: number | number[]; dimensions: Record<string, string> }[]) =>
  metrics
    .flatMap(({ name, unit, value, dimensions }) =>
      (Array.isArray(value) ? value : [value]).map((one) => JSON.stringify([name, unit, dimensions, one])),
    )
    .sort();

describe('emfDocuments', () => {
  it('puts any measurements in as few valid EMF documents as one value per name allows, losing none and adding none (property)', () => {
    fc.assert(
      fc.property(fc.array(measurement, { maxLength: 30 }), (measurements: Measurement[]) => {
        const lines = emfDocuments(measurements, Date.now()).map((document) => JSON.stringify(document));
        for (const line of lines) expectValidEmf(line);
        const read = lines.flatMap((line) => {
          const root = JSON.parse(line);
          return root._aws.CloudWatchMetrics.flatMap((directive: { Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }) =>
            directive.Metrics.map(({ Name, Unit }) => ({
              name: Name,
              unit: Unit,
              value: root[Name],
              dimensions: Object.fromEntries(directive.Dimensions[0]!.map((dimension) => [dimension, root[dimension]])),
            })),
          );
        });
        expect(samples(read)).toEqual(samples(measurements as never));
        // One document for all, unless two values of one dimension (or metric) met.
        if (lines.length > 1) expect(lines.length).toBeLessThanOrEqual(measurements.length);
      }),
    );
  });

  it('holds a token request’s three metrics in one document: one directive per set of dimension names', () => {
    const [document, ...more] = emfDocuments(
      [
        { name: 'TokenDecisions', unit: 'Count', value: 1, dimensions: { Decision: 'granted' } },
        { name: 'Requests', unit: 'Count', value: 1, dimensions: { Operation: 'issueRegistryToken', StatusClass: '2xx' } },
        { name: 'Latency', unit: 'Milliseconds', value: 0.9, dimensions: { Operation: 'issueRegistryToken' } },
      ],
      1_781_524_800_000,
    );
    expect(more).toEqual([]);
    expect(document).toEqual({
      _aws: {
        Timestamp: 1_781_524_800_000,
        CloudWatchMetrics: [
          { Namespace: 'SwrAccessDomains', Dimensions: [['Decision']], Metrics: [{ Name: 'TokenDecisions', Unit: 'Count' }] },
          { Namespace: 'SwrAccessDomains', Dimensions: [['Operation', 'StatusClass']], Metrics: [{ Name: 'Requests', Unit: 'Count' }] },
          { Namespace: 'SwrAccessDomains', Dimensions: [['Operation']], Metrics: [{ Name: 'Latency', Unit: 'Milliseconds' }] },
        ],
      },
      Decision: 'granted',
      TokenDecisions: 1,
      Operation: 'issueRegistryToken',
      StatusClass: '2xx',
      Requests: 1,
      Latency: 0.9,
    });
  });
});

describe('RequestTelemetry, within a request', () => {
  it('holds what a request measures and audits for its line, and writes apart only a second value of a dimension', async () => {
    const lines: string[] = [];
    const telemetry = new RequestTelemetry((line) => lines.push(line));
    const event = { audit: 'token.granted', repository: 'demo/nginx' } as never;
    const members = await telemetry.run(async () => {
      telemetry.tokenDecisions(['granted', 'no_share', 'granted']);
      telemetry.storeError('error');
      telemetry.storeError('error');
      await telemetry.record(event);
      telemetry.request('issueRegistryToken', 200, 1.5);
      const taken = telemetry.take();
      // Taken: what comes after is written at once.
      telemetry.kmsError('throttle');
      return taken;
    });
    const line = JSON.stringify({ level: 'INFO', message: 'request', ...members });
    expectValidEmf(line);
    expect(members).toMatchObject({ audit: 'token.granted', auditEvents: [event], TokenDecisions: 2, StoreErrors: [1, 1] });
    expect(parseEmf(line).map(({ name, dimensions }) => [name, dimensions])).toEqual([
      ['TokenDecisions', { Decision: 'granted' }],
      ['StoreErrors', { Kind: 'error' }],
      ['StoreErrors', { Kind: 'error' }],
      ['Requests', { Operation: 'issueRegistryToken', StatusClass: '2xx' }],
      ['Latency', { Operation: 'issueRegistryToken' }],
    ]);
    for (const written of lines) expectValidEmf(written);
    expect(lines.flatMap(parseEmf).map(({ name, dimensions, value }) => [name, dimensions, value])).toEqual([
      ['TokenDecisions', { Decision: 'no_share' }, 1],
      ['KmsErrors', { Kind: 'throttle' }, 1],
    ]);
  });

  it('keeps the records of requests served at once apart', async () => {
    const telemetry = new RequestTelemetry(() => undefined);
    const serve = (decision: 'granted' | 'no_share', delayMs: number) =>
      telemetry.run(async () => {
        telemetry.tokenDecisions([decision]);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return telemetry.take();
      });
    const [first, second] = await Promise.all([serve('granted', 20), serve('no_share', 5)]);
    expect([first!.Decision, second!.Decision]).toEqual(['granted', 'no_share']);
    expect(telemetry.take()).toEqual({});
  });
});
