/**
 * `npm run sam-files -- [--endpoint <url>] [--kms-endpoint <url>]`: writes what `sam local
 * invoke` needs to run a function against a local DynamoDB (README), under $DATA_DIR/sam
 * (default .data):
 * - env.json, the --env-vars file: the table, that endpoint (as the function's container
 *   sees it; default http://host.docker.internal:8000), the dev signing key to trust, and for
 *   the token function the KMS stand-in of `npm run kms-local` (default
 *   http://host.docker.internal:8001) with the public half of the registry key it holds;
 * - events/<operation>/<case>.json: the events of local/events with a dev token in place.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPublicKey } from 'node:crypto';
import { loadDevKeys } from '../devKeys.js';
import { loadRegistrySigningKey } from '../registry/registryKeys.js';
import { localEnvVars, readEvent, signEventToken } from './localSetup.js';

const eventsDir = fileURLToPath(new URL('../events/', import.meta.url));

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://host.docker.internal:8000' },
    'kms-endpoint': { type: 'string', default: 'http://host.docker.internal:8001' },
  },
});
const dataDir = process.env.DATA_DIR ?? '.data';
const outDir = join(dataDir, 'sam');
const devKeys = await loadDevKeys(dataDir);
const token = await signEventToken(devKeys);

function writeJson(file: string, value: unknown) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const signingKey = { kmsEndpoint: values['kms-endpoint'], publicKey: createPublicKey(await loadRegistrySigningKey(dataDir)) };
writeJson(join(outDir, 'env.json'), localEnvVars({ dynamodbEndpoint: values.endpoint, devKeys, signingKey }));
for (const entry of readdirSync(eventsDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
  const source = join(entry.parentPath, entry.name);
  writeJson(join(outDir, 'events', relative(eventsDir, source)), readEvent(source, token));
}
console.log(
  `Wrote ${outDir}/env.json (DynamoDB at ${values.endpoint}, KMS at ${values['kms-endpoint']}) and ${outDir}/events/ (token valid 24 h)`,
);
