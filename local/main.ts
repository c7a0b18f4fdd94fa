/**
 * `npm start`: the API on 127.0.0.1:$PORT with its embedded store under $DATA_DIR.
 */
import { retentionDaysFromEnv } from '../lambda/config.js';
import { startLocalService } from './service.js';
import { signToken } from './tokens.js';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? '.data';
const dynamodbEndpoint = process.env.DYNAMODB_ENDPOINT || undefined;

const service = await startLocalService({
  port,
  dataDir,
  dynamodbEndpoint,
  host: process.env.HOST ?? '127.0.0.1',
  retentionDays: retentionDaysFromEnv(),
});
const token = await signToken(service.devKeys.privateJwk, { domain: 'owner', namespaces: { demo: 'manage' } });
const base = `${service.url}/v2/manage/namespaces/demo/repositories/nginx/access-domains`;

console.log(`SWR access-domains API listening on ${service.url}
store: ${dynamodbEndpoint ? `DynamoDB at ${dynamodbEndpoint}` : `embedded (dynalite) in ${dataDir}/dynamodb`}

A token for account "owner", with manage on namespace "demo" (valid 24 h):
export TOKEN=${token}

Share demo/nginx with account "partner":
curl -i -X POST ${base} \\
  -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \\
  -d '{"access_domain":"partner","permit":"read","deadline":"forever"}'

More tokens: npm run --silent token -- --domain <account> --namespace <ns>:<read|write|manage>
Ctrl-C stops the server.
`);

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
