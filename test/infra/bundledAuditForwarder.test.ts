import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ServiceFunction } from '../../infra/constructs/ServiceFunction.js';

/**
 * The audit forwarder as Lambda runs it: bundled by esbuild exactly as the stack bundles it
 * (ServiceFunction, entry lambda/functions/auditForwarder.ts), loaded from the asset, and invoked
 * with a subscription batch; its AWS SDK talks to a stand-in for CloudWatch Logs (the JSON
 * protocol: one POST per call, the operation in X-Amz-Target) that records each call.
 */
let assemblyDir: string;
let server: Server;
const calls: { target: string; body: Record<string, any> }[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  assemblyDir = mkdtempSync(join(tmpdir(), 'cdk-out-forwarder-'));
  const app = new App({ outdir: assemblyDir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Forwarder');
  new ServiceFunction(stack, 'Forwarder', {
    entry: 'functions/auditForwarder.ts',
    logicalId: 'AuditForwarderFunction',
    environment: {},
    logRetention: RetentionDays.ONE_MONTH,
  });
  app.synth();

  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      calls.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => server?.close(resolve));
  if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
});

describe('the bundled audit forwarder', () => {
  it('writes the audit events of a subscription batch to the audit group, through its bundled AWS SDK', async () => {
    const template = JSON.parse(readFileSync(join(assemblyDir, 'Forwarder.template.json'), 'utf8'));
    const assetPath = template.Resources.AuditForwarderFunction.Metadata['aws:asset:path'];
    Object.assign(process.env, {
      AUDIT_LOG_GROUP_NAME: 'audit-group',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    const { handler } = (await import(pathToFileURL(join(assemblyDir, assetPath, 'index.mjs')).href)) as {
      handler: (event: CloudWatchLogsEvent) => Promise<void>;
    };
    const audit = JSON.stringify({
      audit: 'share.revoked',
      version: 1,
      account: 'owner',
      repository: 'demo/nginx',
      accessDomain: 'partner',
    });
    const data = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: 'deleteShareLogs',
      logStream: '2026/11/04/[$LATEST]abc',
      subscriptionFilters: ['audit-events'],
      logEvents: [
        { id: '1', timestamp: 1_700_000_000_000, message: JSON.stringify({ level: 'INFO', message: 'request' }) },
        { id: '2', timestamp: 1_700_000_000_001, message: audit },
      ],
    };
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await handler({ awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } });
      // The debug line it skipped is counted in its own log.
      expect(warned.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual([expect.objectContaining({ skipped: 1, redacted: 0 })]);
    } finally {
      warned.mockRestore();
    }

    expect(calls).toEqual([
      {
        target: 'Logs_20140328.CreateLogStream',
        body: { logGroupName: 'audit-group', logStreamName: 'deleteShareLogs/2026/11/04/[$LATEST]abc' },
      },
      {
        target: 'Logs_20140328.PutLogEvents',
        body: {
          logGroupName: 'audit-group',
          logStreamName: 'deleteShareLogs/2026/11/04/[$LATEST]abc',
          logEvents: [{ timestamp: 1_700_000_000_001, message: audit }],
        },
      },
    ]);
  }, 30_000);
});
