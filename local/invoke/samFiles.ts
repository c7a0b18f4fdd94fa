/**
 * `npm run sam-files -- [--endpoint <url>] [--kms-endpoint <url>]`: writes what `sam local
 * invoke` needs to run a function against a local DynamoDB (docs/deploying.md), under $DATA_DIR/sam
 * (default .data):
 * - env.json, the --env-vars file: the table, that endpoint (as the function's container
 *   sees it; default http://host.docker.internal:8000), the dev signing key to trust, and for
 *   the token function the KMS stand-in of `npm run kms-local` (default
 *   http://host.docker.internal:8001) with the public half of the registry key it holds;
 * - events/<operation>/<example>.json: the events of the operations' examples (their specs)
 *   with a dev token in place.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { runCommandLine } from '../cli/command.js';
import { loadDevKeys } from '../iam/devKeys.js';
import { dataDirFromEnv } from '../cli/settings.js';
import { loadRegistrySigningKey } from '../registry/registryKeys.js';
import { allExampleEvents } from './exampleEvents.js';
import { localEnvVars, signEventToken } from './localSetup.js';

const usage = `usage: npm run sam-files -- [--endpoint <url>] [--kms-endpoint <url>]
Writes $DATA_DIR/sam/env.json (the --env-vars file of \`sam local invoke\`: the table, the
DynamoDB endpoint as the function's container sees it, the dev key to trust, the KMS stand-in)
and $DATA_DIR/sam/events/ (an event per example of each operation's spec, with a dev token). Defaults:
--endpoint http://host.docker.internal:8000, --kms-endpoint http://host.docker.internal:8001.`;

function writeJson(file: string, value: unknown) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

await runCommandLine(
  'sam-files',
  {
    usage,
    options: {
      endpoint: { type: 'string', default: 'http://host.docker.internal:8000' },
      'kms-endpoint': { type: 'string', default: 'http://host.docker.internal:8001' },
    },
  },
  async ({ values }) => {
    const endpoint = values.endpoint!;
    const kmsEndpoint = values['kms-endpoint']!;
    const dataDir = dataDirFromEnv();
    const outDir = join(dataDir, 'sam');
    const devKeys = await loadDevKeys(dataDir);
    const token = await signEventToken(devKeys);
    const signingKey = { kmsEndpoint, publicKey: createPublicKey(await loadRegistrySigningKey(dataDir)) };
    writeJson(join(outDir, 'env.json'), localEnvVars({ dynamodbEndpoint: endpoint, devKeys, signingKey }));
    for (const { operation, name, event } of allExampleEvents(token)) {
      writeJson(join(outDir, 'events', operation, `${name}.json`), event);
    }
    console.log(`Wrote ${outDir}/env.json (DynamoDB at ${endpoint}, KMS at ${kmsEndpoint}) and ${outDir}/events/ (token valid 24 h)`);
  },
);
