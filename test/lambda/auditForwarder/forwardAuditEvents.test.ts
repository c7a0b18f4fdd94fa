import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { auditEventsOf, REDACTED } from '../../../lambda/auditForwarder/auditEvents.js';
import { AuditLogWriter, chunkForPutLogEvents } from '../../../lambda/auditForwarder/AuditLogWriter.js';
import { forwardAuditEvents } from '../../../lambda/auditForwarder/forwardAuditEvents.js';
import { shareChangeEvent, tokenGrantEvent } from '../../../lambda/audit/auditEvents.js';
import type { Caller } from '../../../lambda/domain/permissions.js';
import type { ShareTerms } from '../../../lambda/domain/share.js';
import { RequestTelemetry } from '../../../lambda/metrics/RequestTelemetry.js';

const AUDIT_GROUP = 'SwrAccessDomains-AuditLogs';
const SOURCE_GROUP = 'SwrAccessDomains-createShareLogs1234';
const SOURCE_STREAM = '2026/11/04/[$LATEST]0123456789abcdef';

const owner: Caller = { userId: 'alice-id', userName: 'alice', domainId: 'owner-id', domainName: 'owner', namespaces: { demo: 'manage' } };
const at = { now: new Date('2026-11-04T10:00:00.000Z'), requestId: 'req-1' };
const terms: ShareTerms = { permit: 'read', deadline: 'forever', description: 'CI pulls' };

/** Events as the functions make them (lambda/audit/auditEvents.ts). */
const shareCreated: object = shareChangeEvent(
  'share.created',
  { caller: owner, credential: { kind: 'access key', accessKeyId: 'AKIDEXAMPLE0001' } },
  { namespace: 'demo', repository: 'nginx', accessDomain: 'partner' },
  { before: undefined, after: terms },
  at,
);
const tokenGranted: object = tokenGrantEvent(
  { ...owner, domainName: 'partner', domainId: 'partner-id' },
  'demo/nginx',
  ['pull'],
  'forever',
  at,
);

/** A debug line as Powertools Logger writes it, which the filter would not pass but the forwarder must skip anyway. */
const debugLine = JSON.stringify({ level: 'INFO', message: 'request', status: 201, requestId: 'req-1' });

function decoded(
  messages: { message: string; timestamp?: number }[],
  overrides: Partial<CloudWatchLogsDecodedData> = {},
): CloudWatchLogsDecodedData {
  return {
    owner: '123456789012',
    logGroup: SOURCE_GROUP,
    logStream: SOURCE_STREAM,
    subscriptionFilters: ['audit-events'],
    messageType: 'DATA_MESSAGE',
    logEvents: messages.map((each, index) => ({ id: String(index), timestamp: each.timestamp ?? 1_000 + index, message: each.message })),
    ...overrides,
  };
}

/** What CloudWatch Logs hands the subscription's function: base64 of gzipped JSON. */
const subscriptionEvent = (data: CloudWatchLogsDecodedData): CloudWatchLogsEvent => ({
  awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') },
});

const logs = mockClient(CloudWatchLogsClient);
const warnings = () => ({ warn: jest.fn<(message: string) => void>() });

beforeEach(() => {
  logs.reset();
  logs.on(CreateLogStreamCommand).resolves({});
  logs.on(PutLogEventsCommand).resolves({});
});

const written = () => logs.commandCalls(PutLogEventsCommand).map((call) => call.args[0].input);

describe('the audit forwarder', () => {
  it('forwards from a request’s one line exactly its audit events, each blanked where needed, never the metrics or the log around them', async () => {
    const telemetry = new RequestTelemetry(() => undefined);
    const secretLeak = { ...tokenGranted, repository: 'demo/app', token: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' };
    const members = await telemetry.run(async () => {
      telemetry.tokenDecisions(['granted', 'granted']);
      await telemetry.record(tokenGranted as never);
      await telemetry.record(secretLeak as never);
      telemetry.request('issueRegistryToken', 200, 1.2);
      return telemetry.take();
    });
    const line = JSON.stringify({
      level: 'INFO',
      message: 'request',
      requestId: 'req-1',
      status: 200,
      granted: ['repository:demo/nginx:pull'],
      ...members,
    });
    const report = auditEventsOf(decoded([{ message: line, timestamp: 5_000 }, { message: debugLine }]));
    expect(report.skipped).toBe(1);
    expect(report.redacted).toBe(1);
    expect(report.batches[0]!.lines).toEqual([
      { timestamp: 5_000, message: JSON.stringify(tokenGranted) },
      { timestamp: 5_000, message: JSON.stringify({ ...secretLeak, token: REDACTED }) },
    ]);
  });

  it('writes the audit lines of a batch, as written and at their own time, to a stream named after their source', async () => {
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    const line = `${JSON.stringify(shareCreated)}\n`;
    const log = warnings();
    await forwardAuditEvents(subscriptionEvent(decoded([{ message: line, timestamp: 1_700_000_000_000 }])), writer, log);

    const streamName = `${SOURCE_GROUP}/${SOURCE_STREAM}`;
    expect(logs.commandCalls(CreateLogStreamCommand).map((call) => call.args[0].input)).toEqual([
      { logGroupName: AUDIT_GROUP, logStreamName: streamName },
    ]);
    expect(written()).toEqual([
      {
        logGroupName: AUDIT_GROUP,
        logStreamName: streamName,
        logEvents: [{ timestamp: 1_700_000_000_000, message: JSON.stringify(shareCreated) }],
      },
    ]);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('skips lines that are not audit events, and says how many in its own log', async () => {
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    const log = warnings();
    const lines = [
      debugLine,
      'START RequestId: 1 Version: $LATEST',
      JSON.stringify({ audit: 7 }),
      JSON.stringify([shareCreated]),
      JSON.stringify({ ...shareCreated, audit: 'token.granted' }),
    ];
    await forwardAuditEvents(subscriptionEvent(decoded(lines.map((message) => ({ message })))), writer, log);
    expect(written().flatMap((call) => call.logEvents!.map((event) => JSON.parse(event.message!).audit))).toEqual(['token.granted']);
    expect(JSON.parse(log.warn.mock.calls[0]![0])).toMatchObject({ logGroup: SOURCE_GROUP, skipped: 4, redacted: 0 });
  });

  it('writes nothing for the control message CloudWatch Logs sends to check the destination', async () => {
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    await forwardAuditEvents(
      subscriptionEvent(
        decoded([{ message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' }], { messageType: 'CONTROL_MESSAGE' }),
      ),
      writer,
    );
    expect(logs.calls()).toHaveLength(0);
  });

  it('creates each stream once per container, and takes a stream another container created', async () => {
    logs.on(CreateLogStreamCommand).rejects(new ResourceAlreadyExistsException({ message: 'exists', $metadata: {} }));
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    const event = subscriptionEvent(decoded([{ message: JSON.stringify(shareCreated) }]));
    await forwardAuditEvents(event, writer);
    await forwardAuditEvents(event, writer);
    expect(logs.commandCalls(CreateLogStreamCommand)).toHaveLength(1);
    expect(written()).toHaveLength(2);
  });

  it('fails the invocation when writing fails, so that Lambda retries the batch', async () => {
    logs.on(PutLogEventsCommand).rejects(new Error('ThrottlingException'));
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    await expect(forwardAuditEvents(subscriptionEvent(decoded([{ message: JSON.stringify(shareCreated) }])), writer)).rejects.toThrow(
      'ThrottlingException',
    );
  });

  it('reports events PutLogEvents refused (too old for the group) in its own log', async () => {
    logs.on(PutLogEventsCommand).resolves({ rejectedLogEventsInfo: { tooOldLogEventEndIndex: 0 } });
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    const log = warnings();
    await forwardAuditEvents(subscriptionEvent(decoded([{ message: JSON.stringify(shareCreated) }])), writer, log);
    expect(JSON.parse(log.warn.mock.calls[0]![0])).toMatchObject({ rejected: [{ tooOldLogEventEndIndex: 0 }] });
  });

  it('writes the events of a call in time order, as PutLogEvents wants', async () => {
    const writer = new AuditLogWriter(new CloudWatchLogsClient({ region: 'eu-west-1' }), AUDIT_GROUP);
    const messages = [3, 1, 2].map((n) => ({ message: JSON.stringify({ ...shareCreated, requestId: `req-${n}` }), timestamp: n }));
    await forwardAuditEvents(subscriptionEvent(decoded(messages)), writer);
    expect(written()[0]!.logEvents!.map((event) => event.timestamp)).toEqual([1, 2, 3]);
  });
});

describe('the events the functions make', () => {
  it.each([
    ['a share change', shareCreated],
    ['a token grant through a share', tokenGranted],
  ])('%s passes byte for byte, nothing blanked', (_, event) => {
    const line = JSON.stringify(event);
    const { batches, skipped, redacted } = auditEventsOf(decoded([{ message: line }]));
    expect({ skipped, redacted }).toEqual({ skipped: 0, redacted: 0 });
    expect(batches[0]!.lines[0]!.message).toBe(line);
  });
});

describe("PutLogEvents' limits", () => {
  const line = (bytes: number, timestamp = 0) => ({ timestamp, message: 'x'.repeat(bytes) });

  it('at most 10,000 events a call', () => {
    const chunks = chunkForPutLogEvents(Array.from({ length: 25_000 }, () => line(10)));
    expect(chunks.map((chunk) => chunk.length)).toEqual([10_000, 10_000, 5_000]);
  });

  it('at most 1,048,576 bytes a call, counting 26 bytes per event', () => {
    const chunks = chunkForPutLogEvents(Array.from({ length: 5 }, () => line(300_000)));
    expect(chunks.map((chunk) => chunk.length)).toEqual([3, 2]);
    for (const chunk of chunks) expect(chunk.reduce((sum, each) => sum + each.message.length + 26, 0)).toBeLessThanOrEqual(1_048_576);
  });
});

describe('no credential leaves the function log', () => {
  const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJvd25lciJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it('blanks fields named for a credential and values that are tokens or keys, wherever they are, and counts them', () => {
    const event = {
      ...shareCreated,
      token: 'opaque-token',
      request: { headers: { 'X-Auth-Token': 'abc', Authorization: 'Basic cGFydG5lcjpzZWNyZXQ=' }, note: `Bearer ${jwt}` },
      accessKey: { id: 'AKID', secretKey: 'SK', signature: 'f00' },
      keys: ['-----BEGIN PRIVATE KEY-----\nMIG…\n-----END PRIVATE KEY-----'],
      password: '',
      credentialKind: 'accessKey',
      tokenKind: 'jwt',
    };
    const { batches, redacted } = auditEventsOf(decoded([{ message: JSON.stringify(event) }]));
    const out = JSON.parse(batches[0]!.lines[0]!.message);
    expect(out).toEqual({
      ...shareCreated,
      token: REDACTED,
      request: { headers: { 'X-Auth-Token': REDACTED, Authorization: REDACTED }, note: REDACTED },
      accessKey: { id: 'AKID', secretKey: REDACTED, signature: REDACTED },
      keys: [REDACTED],
      password: '',
      credentialKind: 'accessKey',
      tokenKind: 'jwt',
    });
    expect(redacted).toBe(7);
  });

  it('never forwards a secret, whatever the event holds and wherever the secret is (fuzzed)', () => {
    const secretName = fc.constantFrom(
      'token',
      'accessToken',
      'refresh_token',
      'x-auth-token',
      'secret',
      'secretKey',
      'password',
      'signature',
      'Authorization',
    );
    const secret = fc.stringMatching(/^[A-Za-z0-9+/]{12,40}$/).map((s) => `S3CR3T${s}`);
    const plainKey = fc.stringMatching(/^[a-z]{1,10}$/).filter((key) => !/token$|secret|passw|signature|authorization/i.test(key));
    const plainValue = fc.oneof(fc.stringMatching(/^[a-z ]{0,20}$/), fc.integer(), fc.boolean(), fc.constant(null));
    const placed = fc.oneof(
      // Under a credential's name, any value.
      fc.tuple(secretName, secret).map(([name, value]) => ({ [name]: value, value })),
      // Under any name, a token-shaped value.
      fc.tuple(plainKey, secret).map(([name, value]) => ({ [name]: `${jwt.slice(0, 30)}${value}.${value}`, value })),
    );
    fc.assert(
      fc.property(
        fc.dictionary(plainKey, plainValue, { maxKeys: 5 }),
        placed,
        fc.integer({ min: 0, max: 2 }),
        (others, { value, ...field }, depth) => {
          let nested: Record<string, unknown> = field;
          for (let level = 0; level < depth; level++) nested = { [`level${level}`]: nested, list: [nested] };
          const event = { ...others, ...shareCreated, extra: nested };
          const { batches } = auditEventsOf(decoded([{ message: JSON.stringify(event) }]));
          const out = batches[0]!.lines[0]!.message;
          expect(out).not.toContain(value);
          expect(JSON.parse(out)).toMatchObject(shareCreated);
        },
      ),
      { numRuns: 500 },
    );
  });
});
