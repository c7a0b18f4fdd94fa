/**
 * `npm start`: the API on 127.0.0.1:$PORT with its embedded store under $DATA_DIR.
 */
import { runCommandLine } from './cli/command.js';
import { startBanner } from './banner.js';
import { startLocalService } from './service.js';
import { localSettingsFromEnv } from './cli/settings.js';
import { signToken } from './iam/tokens.js';

const usage = `usage: [VARIABLE=value ...] npm start
Serves the API, its registry token service, GET /openapi.json and the web console (/console/)
on http://$HOST:$PORT, over an embedded store in $DATA_DIR, and prints a token and a first
request. Variables
(docs/configuration.md): PORT (3000), HOST (127.0.0.1), DATA_DIR (.data), SHARE_RETENTION_DAYS (30),
MAX_ACCOUNTS_PER_REPOSITORY (500),
DYNAMODB_ENDPOINT (unset: the embedded store), REGISTRY_SERVICE, REGISTRY_TOKEN_ISSUER,
REGISTRY_TOKEN_LIFETIME_SECONDS, REGISTRY_ADDRESS; SWR_DEBUG=1 adds stack traces to errors.`;

await runCommandLine('npm start', { usage }, async () => {
  const settings = localSettingsFromEnv();
  const service = await startLocalService(settings);
  const token = await signToken(service.devKeys.privateJwk, { domain: 'owner', namespaces: { demo: 'manage' } });
  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await service.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Only now: whoever reads the banner may press Ctrl-C at once.
  console.log(startBanner({ url: service.url, settings, token }));
});
