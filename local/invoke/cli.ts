/**
 * `npm run invoke -- <operation> <event.json> [--env-vars <file>] [--synth]`: runs one
 * operation's BUNDLED function (the esbuild output in cdk.out, what Lambda would run) with
 * an API Gateway event, against the local store, and prints what it answers. The offline
 * stand-in for `sam local invoke` (docs/deploying.md, "Offline invoke").
 *
 * - cdk.out is synthesized when it has no template yet, or with --synth.
 * - Without --env-vars the function trusts the dev signing key in $DATA_DIR (default .data),
 *   and uses the DynamoDB at $DYNAMODB_ENDPOINT, or else the embedded store in
 *   $DATA_DIR/dynamodb (the one `npm start` uses; stop the server first).
 * - `${TOKEN}` in the event becomes a dev token for account "owner", manage on "demo"
 *   (`${BASIC_AUTH}` the same as registry clients send it).
 * - The token function signs through a local stand-in for KMS (local/registry/kmsStandIn.ts) that
 *   holds the registry signing key of $DATA_DIR: its real KMS code path, a local key.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, OPERATIONS, type Operation } from '../../lambda/operations/catalog.js';
import { runCommandLine, UsageError } from '../cli/command.js';
import { embeddedStoreFolder, lockDataDir, prepareDataDir } from '../store/dataDir.js';
import { loadDevKeys } from '../iam/devKeys.js';
import { dataDirFromEnv, dynamodbEndpointFromEnv } from '../cli/settings.js';
import { waitForStore } from '../store/waitForStore.js';
import { startEmbeddedDynamo } from '../store/embeddedDynamo.js';
import { startKmsStandIn } from '../registry/kmsStandIn.js';
import { loadRegistrySigningKey } from '../registry/registryKeys.js';
import { ensureSharesTable, LOCAL_TABLE_NAME, localDynamoClient } from '../store/createSharesTable.js';
import { createServiceApp, STACK_NAME } from '../../infra/serviceApp.js';
import { readBundledFunctions } from './bundledFunctions.js';
import { type EnvVarsFile, functionEnvironment, invokeBundledFunction } from './invokeBundledFunction.js';
import { exampleEvent } from './exampleEvents.js';
import { LOCAL_SIGNING_KEY_ARN, localEnvVars, signEventToken } from './localSetup.js';

const ASSEMBLY_DIR = 'cdk.out';

const usage = `usage: npm run invoke -- <operation> <example | event.json> [--env-vars <file>] [--synth]
Runs one operation's bundled function (cdk.out, synthesized when missing or with --synth) with
an API Gateway event, against $DYNAMODB_ENDPOINT or the embedded store in $DATA_DIR (stop
\`npm start\` first), and prints its answer. The event is one of the examples of the
operation's spec (lambda/operations/<operation>/spec.ts), made with a dev token for account
"owner", or an event file of your own.
operations and their examples:
${OPERATIONS.map((operation) => `  ${operation}: ${Object.keys(CATALOG[operation].examples).join(', ')}`).join('\n')}`;

async function synthesize(): Promise<void> {
  console.error(`Synthesizing into ${ASSEMBLY_DIR}/ ...`);
  await import('../../scripts/buildValidators.js');
  const { app } = createServiceApp({ outdir: ASSEMBLY_DIR, context: { 'aws:cdk:enable-asset-metadata': true } });
  app.synth();
}

/** The DynamoDB at $DYNAMODB_ENDPOINT, or the embedded store under the data folder (taken while in use). */
async function openLocalStore(dataDir: string) {
  const external = dynamodbEndpointFromEnv();
  if (external) await waitForStore(external);
  const lock = external ? undefined : await lockDataDir(dataDir, 'npm run invoke');
  const embedded = external ? undefined : await startEmbeddedDynamo({ path: embeddedStoreFolder(dataDir) });
  const endpoint = external ?? embedded!.endpoint;
  console.error(`Store: ${external ? `DynamoDB at ${external}` : `embedded (dynalite) in ${dataDir}/dynamodb`}`);
  const client = localDynamoClient(endpoint);
  await ensureSharesTable(client, LOCAL_TABLE_NAME);
  return {
    endpoint,
    close: async () => {
      client.destroy();
      await embedded?.close();
      await lock?.release();
    },
  };
}

await runCommandLine(
  'invoke',
  { usage, allowPositionals: true, options: { 'env-vars': { type: 'string' }, synth: { type: 'boolean', default: false } } },
  async ({ values, positionals }) => {
    const [operation, eventName] = positionals;
    if (!operation || !(OPERATIONS as readonly string[]).includes(operation))
      throw new UsageError(`unknown operation: ${operation ?? '(none)'}`);
    const examples = Object.keys(CATALOG[operation as Operation].examples);
    if (!eventName || (!examples.includes(eventName) && !existsSync(eventName))) {
      throw new UsageError(`no example or event file: ${eventName ?? '(none)'} (examples of ${operation}: ${examples.join(', ')})`);
    }
    const dataDir = dataDirFromEnv();
    await prepareDataDir(dataDir);

    if (values.synth || !existsSync(join(ASSEMBLY_DIR, `${STACK_NAME}.template.json`))) await synthesize();
    else console.error(`Using the functions bundled in ${ASSEMBLY_DIR}/ (--synth to bundle again)`);
    const fn = readBundledFunctions(ASSEMBLY_DIR, STACK_NAME)[operation as Operation];

    const devKeys = await loadDevKeys(dataDir);
    const envVarsFile = values['env-vars'];
    const store = envVarsFile ? undefined : await openLocalStore(dataDir);
    const registryKey = envVarsFile ? undefined : await loadRegistrySigningKey(dataDir);
    const kms = registryKey && (await startKmsStandIn({ keyArn: LOCAL_SIGNING_KEY_ARN, privateKey: registryKey }));
    try {
      const envVars = envVarsFile
        ? (JSON.parse(readFileSync(envVarsFile, 'utf8')) as EnvVarsFile)
        : localEnvVars({
            dynamodbEndpoint: store!.endpoint,
            devKeys,
            signingKey: { kmsEndpoint: kms!.endpoint, publicKey: createPublicKey(registryKey!) },
          });
      const { environment, ignored } = functionEnvironment(fn, envVars);
      if (ignored.length > 0) console.error(`Not declared by the template, so ignored (as SAM would): ${ignored.join(', ')}`);
      console.error(`Invoking ${fn.logicalId} (${fn.entryFile})`);
      const event = examples.includes(eventName)
        ? exampleEvent(operation as Operation, eventName, await signEventToken(devKeys))
        : (JSON.parse(readFileSync(eventName, 'utf8')) as unknown);
      const result = await invokeBundledFunction(fn, event, environment);
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await kms?.close();
      await store?.close();
    }
  },
);
