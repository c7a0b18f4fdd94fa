import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timeoutClientOptions } from './aws/clientTimeouts.js';
import { createTokenVerifier } from './auth/tokenVerifier.js';
import { type Config, configFromEnv } from './config.js';
import type { OperationDeps } from './operations/OperationDeps.js';
import type { RequestLogger } from './http/RequestLogger.js';
import { DynamoShareStore } from './store/DynamoShareStore.js';

/** The `service` of every log line. */
export const SERVICE_NAME = 'swr-access-domains';

/**
 * Everything an operation needs, built once per container from the configuration: the
 * clients live at module scope of the entry file and are reused by every request.
 */
export function createRuntime(
  config: Config = configFromEnv(),
  overrides: { client?: DynamoDBClient; logger?: RequestLogger } = {},
): OperationDeps<DynamoShareStore> {
  const client =
    overrides.client ??
    new DynamoDBClient({ ...timeoutClientOptions(), ...(config.dynamodbEndpoint && { endpoint: config.dynamodbEndpoint }) });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    store: new DynamoShareStore(documentClient, config.tableName),
    verifyToken: createTokenVerifier(config.token),
    logger: overrides.logger ?? new Logger({ serviceName: SERVICE_NAME }),
    now: () => new Date(),
    retentionDays: config.retentionDays,
  };
}
