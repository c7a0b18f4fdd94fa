import { ENV } from '../lambda/environment.js';
import { REGISTRY_TOKEN_PATH } from '../lambda/operations/paths.js';
import { CONSOLE_PATH } from '../infra/console/consolePage.js';
import { DEFAULT_REGISTRY_SERVICE, DEFAULT_REGISTRY_TOKEN_ISSUER } from '../lambda/registry/defaults.js';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, type LocalSettings } from './cli/settings.js';

/** A word the shell takes as it is, quoted when it must be. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The variables another command needs to agree with this server (same keys, same URL), as
 * `NAME=value ` words to put before it; nothing for the defaults.
 */
export function sameServerEnv(settings: LocalSettings, port: number): string {
  const variables: [string, string, string][] = [
    ['DATA_DIR', settings.dataDir, DEFAULT_DATA_DIR],
    ['HOST', settings.host, DEFAULT_HOST],
    ['PORT', String(port), String(DEFAULT_PORT)],
    [ENV.registryService, settings.registry.service, DEFAULT_REGISTRY_SERVICE],
    [ENV.registryTokenIssuer, settings.registry.issuer, DEFAULT_REGISTRY_TOKEN_ISSUER],
  ];
  return variables
    .filter(([, value, fallback]) => value !== fallback)
    .map(([name, value]) => `${name}=${shellWord(value)} `)
    .join('');
}

/** What `npm start` prints once it listens: every command in it works as printed for this server. */
export function startBanner(options: { url: string; settings: LocalSettings; token: string }): string {
  const { url, settings, token } = options;
  const port = Number(new URL(url).port);
  const env = sameServerEnv(settings, port);
  const base = `${url}/v2/manage/namespaces/demo/repositories/nginx/access-domains`;
  const store = settings.dynamodbEndpoint
    ? `DynamoDB at ${settings.dynamodbEndpoint}`
    : `embedded (dynalite) in ${settings.dataDir}/dynamodb`;
  return `SWR access-domains API listening on ${url}
store: ${store}
registry token service: ${url}${REGISTRY_TOKEN_PATH}
web console: ${url}${CONSOLE_PATH}/ (sign in with the token below)

A token for account "owner", with manage on namespace "demo" (valid 24 h):
export TOKEN=${token}

Share demo/nginx with account "partner":
curl -i -X POST ${base} \\
  -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \\
  -d '{"access_domain":"partner","permit":"read","deadline":"forever"}'

A token for account "partner" (add --namespace <ns>:<read|write|manage> for a namespace's rights):
${env}npm run --silent token -- --domain partner

A registry whose pulls follow the shares (needs docker-registry), in another terminal:
${env}npm run registry

Ctrl-C stops the server.
`;
}
