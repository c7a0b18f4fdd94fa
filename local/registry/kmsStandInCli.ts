/**
 * `npm run kms-local`: the local KMS stand-in on 127.0.0.1:$PORT (default 8001), holding the
 * registry signing key of $DATA_DIR (default .data) as the key
 * arn:aws:kms:local:000000000000:key/registry-signing-key; for `sam local invoke` of the
 * token function (KMS_ENDPOINT, see `npm run sam-files`). Ctrl-C stops it.
 */
import { LOCAL_SIGNING_KEY_ARN } from '../invoke/localSetup.js';
import { startKmsStandIn } from './kmsStandIn.js';
import { loadRegistrySigningKey } from './registryKeys.js';

const dataDir = process.env.DATA_DIR ?? '.data';
const port = Number(process.env.PORT ?? 8001);
const kms = await startKmsStandIn({ keyArn: LOCAL_SIGNING_KEY_ARN, privateKey: await loadRegistrySigningKey(dataDir) }, port);
console.log(`KMS stand-in on ${kms.endpoint} with the registry signing key of ${dataDir}. Ctrl-C stops it.`);

async function stop() {
  await kms.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
