import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { issueRootCertificate } from '../../lambda/registry/rootCertificate.js';
import { inMemoryRootKey } from '../../local/registry/registryKeys.js';
import { verifyChainedToken } from '../support/registryTokenChain.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operation } from '../../lambda/operations/catalog.js';
import { type BundledFunction, readBundledFunctions } from '../../local/invoke/bundledFunctions.js';
import { functionEnvironment, invokeBundledFunction } from '../../local/invoke/invokeBundledFunction.js';
import { allExampleEvents, exampleEvent } from '../../local/invoke/exampleEvents.js';
import { LOCAL_SIGNING_KEY_ARN, localEnvVars, signEventToken } from '../../local/invoke/localSetup.js';
import { type KmsStandIn, startKmsStandIn } from '../../local/registry/kmsStandIn.js';
import { createServiceApp, STACK_NAME } from '../../infra/serviceApp.js';
import { generateDevKeys } from '../../local/iam/devKeys.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../local/store/embeddedDynamo.js';
import { ensureSharesTable, LOCAL_TABLE_NAME, localDynamoClient } from '../../local/store/createSharesTable.js';

/**
 * The functions as Lambda would run them: bundled by esbuild in a real synth, found through
 * the template's asset metadata (as `sam local invoke` finds them), invoked with the events
 * of their specs' examples against a local store. A bundling mistake fails here.
 */
let assemblyDir: string;
let functions: Record<Operation, BundledFunction>;
let store: EmbeddedDynamo;
let kms: KmsStandIn;
/** The registry signing key, held by the KMS stand-in the token function signs through. */
const registryKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let envVars: ReturnType<typeof localEnvVars>;
let token: string;

beforeAll(async () => {
  assemblyDir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const { app } = createServiceApp({
    outdir: assemblyDir,
    context: { 'aws:cdk:enable-asset-metadata': true },
    builtinCloudFormationValidation: false, // test/infra/nag.test.ts synthesizes with it
  });
  app.synth();
  functions = readBundledFunctions(assemblyDir, STACK_NAME);

  store = await startEmbeddedDynamo();
  const client = localDynamoClient(store.endpoint);
  await ensureSharesTable(client, LOCAL_TABLE_NAME);
  client.destroy();
  const devKeys = await generateDevKeys();
  kms = await startKmsStandIn({ keyArn: LOCAL_SIGNING_KEY_ARN, privateKey: registryKey.privateKey });
  envVars = localEnvVars({
    dynamodbEndpoint: store.endpoint,
    devKeys,
    signingKey: { kmsEndpoint: kms.endpoint, publicKey: registryKey.publicKey },
  });
  token = await signEventToken(devKeys);
}, 120_000);

afterAll(async () => {
  await kms?.close();
  await store?.close();
  if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
});

async function invoke(operation: Operation, eventName: string) {
  const fn = functions[operation];
  const { environment, ignored } = functionEnvironment(fn, envVars);
  expect(ignored).toEqual([]);
  const event = exampleEvent(operation, eventName, token);
  // The functions' request log goes straight to stdout; keep only errors in the test output.
  const result = await invokeBundledFunction(fn, event, { ...environment, POWERTOOLS_LOG_LEVEL: 'ERROR' });
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

describe('every bundled function, invoked with the events of its examples', () => {
  it('is an ES module bundle, found through the asset metadata, that imports nothing but Node.js', () => {
    for (const fn of Object.values(functions)) {
      expect(fn.entryFile).toMatch(/asset\.[0-9a-f]+\/index\.mjs$/);
      // The AWS SDK and every other package are inside: a Lambda has no node_modules.
      const imports = [...readFileSync(fn.entryFile, 'utf8').matchAll(/\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\)/g)];
      expect(imports.map((match) => match[1] ?? match[2]).filter((name) => !name!.startsWith('node:'))).toEqual([]);
    }
  });

  it('are tested here on the Node.js major version of their Lambda runtime', () => {
    // npm scripts run on the `node` devDependency; it must follow the runtime the stack deploys.
    const major = `nodejs${process.versions.node.split('.')[0]}.x`;
    for (const fn of Object.values(functions)) expect(fn.runtime).toBe(major);
  });

  // In catalog order: they share one store, as a developer trying them one after the other
  // would, and each example states the status it gets so.
  it('answer each example of their spec with the status it states', async () => {
    const examples = allExampleEvents(token);
    expect(new Set(examples.map(({ operation }) => operation))).toEqual(new Set(Object.keys(functions)));
    for (const { operation, name, status } of examples) {
      expect([operation, name, (await invoke(operation, name)).status]).toEqual([operation, name, status]);
    }
  });
  it('read back what they wrote', async () => {
    await invoke('createShare', 'good');
    await invoke('updateShare', 'good');
    expect((await invoke('listShares', 'good')).body).toEqual([
      expect.objectContaining({ access_domain: 'partner', deadline: '2099-12-31', description: 'until the end of the contract' }),
    ]);
    expect((await invoke('showShare', 'good')).body).toMatchObject({ exist: true, access_domain: 'partner', status: true });
    expect((await invoke('showShare', 'absent')).body).toEqual({ exist: false });
  });

  it('issue registry tokens chained to the KMS root key (the stand-in) that grant what the caller may do, and nothing to others, with one KMS call per function', async () => {
    const rootCertificate = new X509Certificate(await issueRootCertificate(inMemoryRootKey(registryKey.privateKey)));
    const grantedBy = async (eventName: string) => {
      const { body } = await invoke('issueRegistryToken', eventName);
      const { claims } = await verifyChainedToken(body.token, rootCertificate, new Date());
      expect(claims).toMatchObject({ aud: 'swr-registry', iss: 'swr-access-domains' });
      return claims.access;
    };
    expect(await grantedBy('allowed')).toEqual([{ type: 'repository', name: 'demo/nginx', actions: ['pull', 'push'] }]);
    expect(await grantedBy('denied')).toEqual([]);
    expect(await grantedBy('anonymous')).toEqual([]);
    const refused = await invoke('issueRegistryToken', 'bad-credentials');
    expect(JSON.stringify(refused.body)).not.toMatch(/token|stack|Exception/i);
    // Each token function (the GET and the POST form) is one container here for every token
    // request of this file: each certified its signing key once, and no token request made a
    // KMS call of its own.
    expect(kms.calls('Sign')).toBe(2);
    expect(kms.calls('GetPublicKey')).toBe(0);
  });
});
