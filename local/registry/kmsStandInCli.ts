/**
 * `npm run kms-local`: the local KMS stand-in on 127.0.0.1:$KMS_LOCAL_PORT (default 8001; not
 * PORT, which is the API's, often exported for `npm start` in the same shell), holding the
 * registry signing key of $DATA_DIR (default .data) as the key
 * arn:aws:kms:local:000000000000:key/registry-signing-key; for `sam local invoke` of the
 * token function (KMS_ENDPOINT, see `npm run sam-files`). Ctrl-C stops it.
 */
import { runCommandLine } from '../cli/command.js';
import { listenError } from '../cli/listenError.js';
import { LOCAL_SIGNING_KEY_ARN } from '../invoke/localSetup.js';
import { dataDirFromEnv, portFromEnv } from '../cli/settings.js';
import { startKmsStandIn } from './kmsStandIn.js';
import { loadRegistrySigningKey } from './registryKeys.js';

/** The variable that sets its port, and its default. */
const PORT_VARIABLE = 'KMS_LOCAL_PORT';
const DEFAULT_PORT = 8001;

const usage = `usage: [${PORT_VARIABLE}=${DEFAULT_PORT}] npm run kms-local
Serves a stand-in for KMS on 127.0.0.1:$${PORT_VARIABLE} that signs with the registry signing key of
$DATA_DIR (default .data), for \`sam local invoke\` of the token function (npm run sam-files).`;

await runCommandLine('kms-local', { usage }, async () => {
  const dataDir = dataDirFromEnv();
  const port = portFromEnv(process.env, DEFAULT_PORT, PORT_VARIABLE);
  const privateKey = await loadRegistrySigningKey(dataDir);
  const kms = await startKmsStandIn({ keyArn: LOCAL_SIGNING_KEY_ARN, privateKey }, port).catch((error: unknown) => {
    throw listenError(error, '127.0.0.1', port, PORT_VARIABLE);
  });

  async function stop() {
    await kms.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`KMS stand-in on ${kms.endpoint} with the registry signing key of ${dataDir}. Ctrl-C stops it.`);
});
