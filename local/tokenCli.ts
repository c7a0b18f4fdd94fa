/**
 * `npm run --silent token -- --domain <account> [--user <name>] [--namespace <ns>:<level>]...
 * [--expires-in <seconds>]`: prints one token, valid for a local server with the same DATA_DIR.
 */
import { runCommandLine, UsageError } from './cli/command.js';
import { loadDevKeys } from './devKeys.js';
import { parseNamespaceGrants } from './namespaceGrants.js';
import { dataDirFromEnv } from './settings.js';
import { signToken } from './tokens.js';

const usage = `usage: npm run --silent token -- --domain <account> [--user <name>] [--namespace <ns>:<read|write|manage>]... [--expires-in <seconds>]
Prints one API token (valid 24 hours unless --expires-in says otherwise) signed with the dev
key in $DATA_DIR (default .data): the server started with the same DATA_DIR accepts it.`;

await runCommandLine(
  'token',
  {
    usage,
    options: {
      domain: { type: 'string' },
      user: { type: 'string' },
      namespace: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
    },
  },
  async ({ values }) => {
    if (!values.domain) throw new UsageError('--domain is required');
    const namespaces = parseNamespaceGrants(values.namespace ?? []);
    if ('error' in namespaces) throw new UsageError(namespaces.error as string);
    const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
    if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn > 0)) throw new UsageError('--expires-in takes a number of seconds');

    const keys = await loadDevKeys(dataDirFromEnv());
    console.log(
      await signToken(keys.privateJwk, {
        domain: values.domain,
        ...(values.user && { user: values.user }),
        namespaces,
        ...(expiresIn && { expiresInSeconds: expiresIn }),
      }),
    );
  },
);
