/**
 * `npm run --silent token -- --domain <account> [--user <name>] [--namespace <ns>:<level>]...
 * [--expires-in <seconds>]`: prints one token, valid for a local server with the same DATA_DIR.
 */
import { parseArgs } from 'node:util';
import { loadDevKeys } from './devKeys.js';
import { parseNamespaceGrants } from './namespaceGrants.js';
import { signToken } from './tokens.js';

const usage =
  'usage: npm run --silent token -- --domain <account> [--user <name>] [--namespace <ns>:<read|write|manage>]... [--expires-in <seconds>]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      domain: { type: 'string' },
      user: { type: 'string' },
      namespace: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.domain) fail('--domain is required');

const namespaces = parseNamespaceGrants(values.namespace ?? []);
if ('error' in namespaces) fail(namespaces.error as string);
const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn > 0)) fail('--expires-in takes a number of seconds');

const keys = await loadDevKeys(process.env.DATA_DIR ?? '.data');
console.log(
  await signToken(keys.privateJwk, {
    domain: values.domain,
    ...(values.user && { user: values.user }),
    namespaces,
    ...(expiresIn && { expiresInSeconds: expiresIn }),
  }),
);
