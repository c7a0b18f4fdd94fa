import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timeoutClientOptions } from './aws/clientTimeouts.js';
import { createTokenVerifier } from './auth/tokenVerifier.js';
import { type Config, configFromEnv } from './config.js';
import type { OperationDeps } from './operations/OperationDeps.js';
import type { RequestLogger } from './RequestLogger.js';
import { DynamoShareStore } from './store/DynamoShareStore.js';
import { DynamoAccessKeyStore } from './store/DynamoAccessKeyStore.js';
import { createAccessKeyResolver } from './auth/accessKeyResolver.js';
import type { SecretSealer } from './auth/SecretSealer.js';
import { sealerFromEnv } from './auth/sealerFromEnv.js';

/** The `service` of every log line. */
export const SERVICE_NAME = 'swr-access-domains';

/** What the functions share, plus the access key store and sealer of the IAM credential API. */
export interface Runtime extends OperationDeps<DynamoShareStore> {
  accessKeys: DynamoAccessKeyStore;
  sealer: SecretSealer;
}

/**
 * Everything an operation needs, built once per container from the configuration: the
 * clients live at module scope of the entry file and are reused by every request.
 */
export function createRuntime(
  config: Config = configFromEnv(),
  overrides: { client?: DynamoDBClient; logger?: RequestLogger; sealer?: SecretSealer } = {},
): Runtime {
  const client =
    overrides.client ??
    new DynamoDBClient({ ...timeoutClientOptions(), ...(config.dynamodbEndpoint && { endpoint: config.dynamodbEndpoint }) });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const accessKeys = new DynamoAccessKeyStore(documentClient, config.tableName);
  const sealer = overrides.sealer ?? sealerFromEnv();
  const now = () => new Date();
  return {
    store: new DynamoShareStore(documentClient, config.tableName, config.maxAccountsPerRepository),
    accessKeys,
    sealer,
    verifyToken: createTokenVerifier(config.token),
    resolveAccessKey: createAccessKeyResolver({ store: accessKeys, sealer, now }),
    logger: overrides.logger ?? new Logger({ serviceName: SERVICE_NAME }),
    now,
    retentionDays: config.retentionDays,
  };
}
