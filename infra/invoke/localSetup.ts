import { readFileSync } from 'node:fs';
import type { DevKeys } from '../../local/devKeys.js';
import { LOCAL_TABLE_NAME } from '../../local/sharesTable.js';
import { DEV_AUDIENCE, DEV_ISSUER, signToken } from '../../local/tokens.js';
import type { EnvVarsFile } from './invokeBundledFunction.js';

/** What the events in infra/events put where the caller's token goes. */
export const TOKEN_PLACEHOLDER = '${TOKEN}';

/**
 * An env-vars file (SAM's format) for every function, pointed at a local DynamoDB and
 * trusting the local dev signing key instead of a JWKS URL.
 */
export function localEnvVars(options: { dynamodbEndpoint: string; devKeys: DevKeys; tableName?: string }): EnvVarsFile {
  return {
    Parameters: {
      TABLE_NAME: options.tableName ?? LOCAL_TABLE_NAME,
      DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
      TOKEN_ISSUER: DEV_ISSUER,
      TOKEN_AUDIENCE: DEV_AUDIENCE,
      TOKEN_JWKS_URL: '',
      TOKEN_JWKS: JSON.stringify(options.devKeys.publicJwks),
      SHARE_RETENTION_DAYS: '30',
    },
  };
}

/** The token the events stand for: account "owner" (user "owner"), manage on namespace "demo". */
export function signEventToken(devKeys: DevKeys): Promise<string> {
  return signToken(devKeys.privateJwk, { domain: 'owner', namespaces: { demo: 'manage' } });
}

/** An event file with the token put in place. */
export function readEvent(file: string, token: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8').replaceAll(TOKEN_PLACEHOLDER, token));
}
