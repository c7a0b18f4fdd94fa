import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServiceFunction } from '../../infra/constructs/ServiceFunction.js';
import type { CustomResourceRequest } from '../../lambda/deploy/signingPublicKeyResource.js';
import { ENV } from '../../lambda/environment.js';
import { type KmsStandIn, startKmsStandIn } from '../../local/registry/kmsStandIn.js';
import { customResourceRequest } from '../support/customResourceAnswer.js';
import { TEST_KEY_ARN } from '../support/kmsStub.js';

/**
 * The root certificate custom resource as Lambda runs it at deploy: bundled by esbuild as the
 * stack bundles it (ServiceFunction, entry lambda/functions/rootCertificate.ts), loaded
 * from the asset, given the environment the signing key's binding gives it, signing through
 * a stand-in for KMS over HTTP, and answering CloudFormation's pre-signed URL (here a local
 * server that records the PUT).
 */
let assemblyDir: string;
let server: Server;
let kms: KmsStandIn;
const answers: Record<string, any>[] = [];
const savedEnv = { ...process.env };
const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });

beforeAll(async () => {
  assemblyDir = mkdtempSync(join(tmpdir(), 'cdk-out-root-certificate-'));
  const app = new App({ outdir: assemblyDir, context: { 'aws:cdk:enable-asset-metadata': true } });
  new ServiceFunction(new Stack(app, 'RootCertificate'), 'Maker', {
    entry: 'functions/rootCertificate.ts',
    logicalId: 'RegistryRootCertificateFunction',
    environment: {},
    logRetention: RetentionDays.ONE_MONTH,
  });
  app.synth();
  kms = await startKmsStandIn({ keyArn: TEST_KEY_ARN, privateKey: rootKey.privateKey });
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      answers.push(JSON.parse(body));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await kms?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
});

describe('the bundled root certificate custom resource', () => {
  it('answers CloudFormation with the certificate KMS signed, through its bundled AWS SDK', async () => {
    const template = JSON.parse(readFileSync(join(assemblyDir, 'RootCertificate.template.json'), 'utf8'));
    const assetPath = template.Resources.RegistryRootCertificateFunction.Metadata['aws:asset:path'];
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      [ENV.registrySigningKeyArn]: TEST_KEY_ARN,
      [ENV.registrySigningPublicKey]: rootKey.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      [ENV.kmsEndpoint]: kms.endpoint,
    });
    const { handler } = (await import(pathToFileURL(join(assemblyDir, assetPath, 'index.mjs')).href)) as {
      handler: (request: CustomResourceRequest) => Promise<void>;
    };
    const request = {
      ...customResourceRequest('Create', 'RegistryRootCertificate', TEST_KEY_ARN),
      ResponseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signed?X-Amz-Signature=abc`,
    };
    await handler(request);
    expect(answers).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: TEST_KEY_ARN, RequestId: 'request-1' })]);
    const certificate = new X509Certificate(answers[0]!.Data.Certificate);
    expect(certificate.verify(rootKey.publicKey)).toBe(true);
    expect(certificate.ca).toBe(true);
  });
});
