/**
 * `npm run --silent token -- --domain <account> [--user <name>] [--namespace <ns>:<level>]...
 * [--expires-in <seconds>]`: prints one token, valid for a local server with the same DATA_DIR.
 */
import { isAsciiAccountName } from '../../lambda/domain/names.js';
import { runCommandLine, UsageError } from '../cli/command.js';
import { devKeysFile, loadDevKeys, readDevKeys } from './devKeys.js';
import { parseNamespaceGrants } from './namespaceGrants.js';
import { dataDirFromEnv } from '../cli/settings.js';
import { signToken } from './tokens.js';

const usage = `usage: npm run --silent token -- --domain <account> [--user <name>] [--namespace <ns>:<read|write|manage>]... [--expires-in <seconds>]
Prints one API token (valid 24 hours unless --expires-in says otherwise) signed with the dev
key in $DATA_DIR (default .data): the server started with the same DATA_DIR accepts it. With
no server's key in $DATA_DIR yet, it makes one and warns on stderr.`;

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
    if (!isAsciiAccountName(values.domain))
      throw new UsageError('--domain must be ASCII: the API refuses tokens of any other account name');
    const namespaces = parseNamespaceGrants(values.namespace ?? []);
    if ('error' in namespaces) throw new UsageError(namespaces.error as string);
    const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
    if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn > 0))
      throw new UsageError('--expires-in takes a number of seconds');

    const dataDir = dataDirFromEnv();
    // A token signed with a key no server has is refused by every server already running:
    // say so, rather than print a token that looks fine. The key is still made, for a server
    // started afterwards with this DATA_DIR.
    if (!(await readDevKeys(dataDir))) {
      console.error(
        `token: warning: no server's signing key in DATA_DIR ${dataDir} (${devKeysFile(dataDir)}); made a new one, so only a server ` +
          `started with DATA_DIR=${dataDir} will accept this token. For a running server, set DATA_DIR to its folder (its banner prints the command).`,
      );
    }
    const keys = await loadDevKeys(dataDir);
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
