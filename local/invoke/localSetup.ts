import type { KeyObject } from 'node:crypto';
import { MAX_REGISTRY_TOKEN_LIFETIME_SECONDS } from '../../lambda/registry/defaults.js';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../../lambda/runtime/config.js';
import { DEFAULT_RETENTION_DAYS } from '../../lambda/domain/deadline.js';
import { OPERATIONS, signingKeyActions } from '../../lambda/operations/catalog.js';
import { DEFAULT_REGISTRY_SERVICE, DEFAULT_REGISTRY_TOKEN_ISSUER } from '../../lambda/registry/defaults.js';
import { ENV } from '../../lambda/environment.js';
import type { DevKeys } from '../iam/devKeys.js';
import { LOCAL_TABLE_NAME } from '../store/createSharesTable.js';
import { DEV_AUDIENCE, DEV_ISSUER, signToken } from '../iam/tokens.js';
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
    [ENV.registryService]: DEFAULT_REGISTRY_SERVICE,
    [ENV.registryTokenIssuer]: DEFAULT_REGISTRY_TOKEN_ISSUER,
    [ENV.registryTokenLifetimeSeconds]: String(MAX_REGISTRY_TOKEN_LIFETIME_SECONDS),
    [ENV.registrySigningKeyArn]: LOCAL_SIGNING_KEY_ARN,
    [ENV.registrySigningPublicKey]: options.signingKey.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    [ENV.kmsEndpoint]: options.signingKey.kmsEndpoint,
  };
  const signers = OPERATIONS.filter((operation) => signingKeyActions(operation).length > 0);
  return {
    Parameters: {
      [ENV.tableName]: options.tableName ?? LOCAL_TABLE_NAME,
      [ENV.dynamodbEndpoint]: options.dynamodbEndpoint,
      [ENV.tokenIssuer]: DEV_ISSUER,
      [ENV.tokenAudience]: DEV_AUDIENCE,
      [ENV.tokenJwksUrl]: '',
      [ENV.tokenJwks]: JSON.stringify(options.devKeys.publicJwks),
      [ENV.shareRetentionDays]: String(DEFAULT_RETENTION_DAYS),
      [ENV.maxAccountsPerRepository]: String(DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY),
      // No access keys offline: no event presents one, and one that did would answer 500.
      [ENV.accessKeySealingKeyArn]: '',
    },
    ...Object.fromEntries(signers.map((operation) => [functionLogicalId(operation), signing])),
  };
}

/** The token the examples stand for: account "owner" (user "owner"), manage on namespace "demo". */
export function signEventToken(devKeys: DevKeys): Promise<string> {
  return signToken(devKeys.privateJwk, { domain: EXAMPLE_ACCOUNT, namespaces: { demo: 'manage' } });
}
