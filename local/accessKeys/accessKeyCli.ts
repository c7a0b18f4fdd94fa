/**
 * `npm run --silent access-key -- --domain <account> [--user <name>] [--namespace <ns>:<level>]... [--json]`
 * creates an access key (AK/SK) for that caller on the local server running with the same
 * DATA_DIR and PORT, through IAM's credential API and a token signed with the dev key, and
 * prints it with ready registry login commands. `--list`, `--disable AK`, `--enable AK`,
 * `--delete AK` manage the caller's keys.
 */
import { decodeJwt } from 'jose';
import { parseArgs } from 'node:util';
import { registryLoginKey } from '../../lambda/domain/accessKey.js';
import { ENV } from '../../lambda/environment.js';
import { loadDevKeys } from '../iam/devKeys.js';
import { parseNamespaceGrants } from '../iam/namespaceGrants.js';
import { recordedRegistryAddress } from '../registry/registryAddress.js';
import { DEFAULT_REGISTRY_LISTEN } from '../registry/registrySetup.js';
import { dataDirFromEnv, portFromEnv } from '../cli/settings.js';
import { signToken } from '../iam/tokens.js';

const usage = `usage: npm run --silent access-key -- --domain <account> [--user <name>] [--namespace <ns>:<read|write|manage>]... [--json]
       npm run --silent access-key -- --domain <account> [--user <name>] --list | --disable <AK> | --enable <AK> | --delete <AK> [--json]
Talks to the local server on 127.0.0.1:$PORT (default 3000) started with the same DATA_DIR.
A new key carries the namespace levels given here. The registry login commands name
$REGISTRY_ADDRESS if set, else the address npm run registry of this DATA_DIR serves (it
records it in $DATA_DIR/registry/address), else ${DEFAULT_REGISTRY_LISTEN}.`;

function fail(message: string, code = 2): never {
  console.error(code === 2 ? `${message}\n${usage}` : message);
  process.exit(code);
}

const OPTIONS = {
  domain: { type: 'string' },
  user: { type: 'string' },
  namespace: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  list: { type: 'boolean' },
  disable: { type: 'string' },
  enable: { type: 'string' },
  delete: { type: 'string' },
  help: { type: 'boolean' },
} as const;

let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
try {
  ({ values } = parseArgs({ options: OPTIONS }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.domain) fail('--domain is required');
const actions = [values.list, values.disable, values.enable, values.delete].filter((action) => action !== undefined);
if (actions.length > 1) fail('give at most one of --list, --disable, --enable, --delete');
const namespaces = parseNamespaceGrants(values.namespace ?? []);
if ('error' in namespaces) fail(namespaces.error as string);

const base = `http://127.0.0.1:${portFromEnv()}/v3.0/OS-CREDENTIAL/credentials`;
const dataDir = dataDirFromEnv();
const keys = await loadDevKeys(dataDir);
const token = await signToken(keys.privateJwk, {
  domain: values.domain,
  ...(values.user && { user: values.user }),
  namespaces,
  expiresInSeconds: 300,
});

/** An access key as the credential API answers it (lambda/schemas/answers.ts). */
interface CredentialView {
  access: string;
  status: string;
  create_time: string;
  description: string;
  /** Only in the answer to a create. */
  secret: string;
}

/** The parts of the credential API's answers read here. */
interface CredentialAnswer {
  credentials: CredentialView[];
  credential: CredentialView;
  error_code?: string;
  error_msg?: string;
}

/** One request to the server; its JSON answer, or exit 1 with the server's message. */
async function request(method: string, path: string, body?: unknown): Promise<CredentialAnswer> {
  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      headers: { 'X-Auth-Token': token, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    fail(`No server answers at ${base}: start it with npm start (same DATA_DIR and PORT).`, 1);
  }
  const text = await response.text();
  const answer = (text ? JSON.parse(text) : {}) as CredentialAnswer;
  if (!response.ok) fail(`${method} ${base + path}: ${response.status} ${answer.error_code ?? ''} ${answer.error_msg ?? text}`.trim(), 1);
  return answer;
}

const print = (json: unknown, text: string) => console.log(values.json ? JSON.stringify(json) : text);

if (values.list) {
  const { credentials } = await request('GET', '');
  const lines = credentials.map((key) => `${key.access}  ${key.status.padEnd(8)}  ${key.create_time}  ${key.description}`);
  print(credentials, lines.join('\n') || '(no access keys)');
} else if (values.disable || values.enable) {
  const accessKey = (values.disable ?? values.enable)!;
  const { credential } = await request('PUT', `/${encodeURIComponent(accessKey)}`, {
    credential: { status: values.disable ? 'inactive' : 'active' },
  });
  print(credential, `${credential.access} is now ${credential.status}`);
} else if (values.delete) {
  await request('DELETE', `/${encodeURIComponent(values.delete)}`);
  print({ deleted: values.delete }, `${values.delete} deleted`);
} else {
  const userId = decodeJwt(token).sub!;
  const { credential } = await request('POST', '', { credential: { user_id: userId, description: 'npm run access-key' } });
  const ak: string = credential.access;
  const sk: string = credential.secret;
  // The registry the user runs, not a default that may be another one (or none).
  const registry = process.env[ENV.registryAddress] || (await recordedRegistryAddress(dataDir)) || DEFAULT_REGISTRY_LISTEN;
  const loginUser = `local@${ak}`;
  const loginKey = registryLoginKey(ak, sk);
  const skopeoLogin = `skopeo login --tls-verify=false -u ${loginUser} -p ${loginKey} ${registry}`;
  const dockerLogin = `docker login -u ${loginUser} -p ${loginKey} ${registry}`;
  print(
    { ak, sk, loginUser, loginKey, skopeoLogin, dockerLogin },
    [
      `AK=${ak}`,
      `SK=${sk}`,
      '',
      '# The secret is shown this once. Registry login, SWR style (user <region>@<AK>, password hex(HMAC-SHA256(SK, AK))):',
      skopeoLogin,
      dockerLogin,
    ].join('\n'),
  );
}
