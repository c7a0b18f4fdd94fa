import type { KeyObject } from 'node:crypto';
import { MAX_REGISTRY_TOKEN_LIFETIME_SECONDS } from '../../lambda/registry/defaults.js';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/config.js';
import { DEFAULT_RETENTION_DAYS } from '../../lambda/domain/deadline.js';
import { OPERATIONS, signingKeyActions } from '../../lambda/operations/catalog.js';
import { ACCESS_KEY_SEALING_KEY_ENV } from '../../lambda/auth/sealerFromEnv.js';
import { DEFAULT_REGISTRY_SERVICE, DEFAULT_REGISTRY_TOKEN_ISSUER } from '../../lambda/registry/defaults.js';
import { SIGNING_KEY_ENV } from '../../lambda/registry/kmsRootKeyFromEnv.js';
import type { DevKeys } from '../devKeys.js';
import { LOCAL_TABLE_NAME } from '../createSharesTable.js';
import { DEV_AUDIENCE, DEV_ISSUER, signToken } from '../tokens.js';
import { functionLogicalId } from '../../infra/constructs/ServiceFunction.js';
import type { EnvVarsFile } from './invokeBundledFunction.js';
import { EXAMPLE_ACCOUNT } from './exampleEvents.js';

/** The ARN the local KMS stand-in knows its one key by. */
export const LOCAL_SIGNING_KEY_ARN = 'arn:aws:kms:local:000000000000:key/registry-signing-key';

/** Where the functions that sign registry tokens find their key locally. */
export interface LocalSigningKey {
  /** The KMS stand-in (local/registry/kmsStandIn.ts), as the function sees it. */
  kmsEndpoint: string;
  publicKey: KeyObject;
}

/**
 * An env-vars file (SAM's format) for every function, pointed at a local DynamoDB and
 * trusting the local dev signing key instead of a JWKS URL; the functions that sign
 * registry tokens (by the catalog) get, in their own entry, the registry's default names and
 * the key behind the local KMS stand-in.
 */
export function localEnvVars(options: {
  dynamodbEndpoint: string;
  devKeys: DevKeys;
  signingKey: LocalSigningKey;
  tableName?: string;
}): EnvVarsFile {
  const signing = {
    REGISTRY_SERVICE: DEFAULT_REGISTRY_SERVICE,
    REGISTRY_TOKEN_ISSUER: DEFAULT_REGISTRY_TOKEN_ISSUER,
    REGISTRY_TOKEN_LIFETIME_SECONDS: String(MAX_REGISTRY_TOKEN_LIFETIME_SECONDS),
    [SIGNING_KEY_ENV.keyArn]: LOCAL_SIGNING_KEY_ARN,
    [SIGNING_KEY_ENV.publicKey]: options.signingKey.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    [SIGNING_KEY_ENV.endpoint]: options.signingKey.kmsEndpoint,
  };
  const signers = OPERATIONS.filter((operation) => signingKeyActions(operation).length > 0);
  return {
    Parameters: {
      TABLE_NAME: options.tableName ?? LOCAL_TABLE_NAME,
      DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
      TOKEN_ISSUER: DEV_ISSUER,
      TOKEN_AUDIENCE: DEV_AUDIENCE,
      TOKEN_JWKS_URL: '',
      TOKEN_JWKS: JSON.stringify(options.devKeys.publicJwks),
      SHARE_RETENTION_DAYS: String(DEFAULT_RETENTION_DAYS),
      MAX_ACCOUNTS_PER_REPOSITORY: String(DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY),
      // No access keys offline: no event presents one, and one that did would answer 500.
      [ACCESS_KEY_SEALING_KEY_ENV]: '',
    },
    ...Object.fromEntries(signers.map((operation) => [functionLogicalId(operation), signing])),
  };
}

/** The token the examples stand for: account "owner" (user "owner"), manage on namespace "demo". */
export function signEventToken(devKeys: DevKeys): Promise<string> {
  return signToken(devKeys.privateJwk, { domain: EXAMPLE_ACCOUNT, namespaces: { demo: 'manage' } });
}
