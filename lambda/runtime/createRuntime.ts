import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { createTokenVerifier } from '../auth/tokenVerifier.js';
import { type Config, configFromEnv } from './config.js';
import type { OperationDeps } from '../operations/OperationDeps.js';
import type { RequestLogger } from '../RequestLogger.js';
import { DynamoShareStore } from '../store/DynamoShareStore.js';
import { DynamoAccessKeyStore } from '../store/DynamoAccessKeyStore.js';
import { createAccessKeyResolver } from '../auth/accessKeyResolver.js';
import type { SecretSealer } from '../auth/SecretSealer.js';
import { sealerFromEnv } from './sealerFromEnv.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import { RequestTelemetry } from '../metrics/RequestTelemetry.js';
import { CompactLogFormatter } from '../metrics/CompactLogFormatter.js';
import { countSealerErrors } from '../metrics/kmsErrorMetrics.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import { countStoreErrors } from '../metrics/storeErrorMetrics.js';

/** The `service` of every log line. */
export const SERVICE_NAME = 'swr-access-domains';

/** What the functions share, plus the access key store and sealer of the IAM credential API. */
export interface Runtime extends OperationDeps<DynamoShareStore> {
  accessKeys: DynamoAccessKeyStore;
  sealer: SecretSealer;
}

/** What a runtime may be given instead of what it would build (the local server, tests, benchmarks). */
export interface RuntimeOverrides {
  client?: DynamoDBClient;
  /**
   * Given (the local server, tests, benchmarks), it also writes each request's log line, and
   * the metrics and audit events go where `metrics` and `audit` write them, each on its own.
   */
  logger?: RequestLogger;
  sealer?: SecretSealer;
  metrics?: ServiceMetrics;
  audit?: AuditTrail;
  /** The operations' clock (a test's fixed one); JWT verification keeps the real clock. */
  now?: () => Date;
}

/**
 * Everything an operation needs, built once per container from the configuration: the
 * clients live at module scope of the entry file and are reused by every request. By
 * default the metrics (EMF) and the audit events a request records are carried by its one
 * log line on stdout (RequestTelemetry).
 */
export function createRuntime(config: Config = configFromEnv(), overrides: RuntimeOverrides = {}): Runtime {
  const telemetry = new RequestTelemetry();
  const metrics = overrides.metrics ?? telemetry;
  const client =
    overrides.client ??
    new DynamoDBClient({ ...timeoutClientOptions(), ...(config.dynamodbEndpoint && { endpoint: config.dynamodbEndpoint }) });
  countStoreErrors(client, metrics);
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const accessKeys = new DynamoAccessKeyStore(documentClient, config.tableName);
  const sealer = countSealerErrors(overrides.sealer ?? sealerFromEnv(), metrics);
  const now = overrides.now ?? (() => new Date());
  return {
    store: new DynamoShareStore(documentClient, config.tableName, config.maxAccountsPerRepository),
    accessKeys,
    sealer,
    verifyToken: createTokenVerifier(config.token),
    resolveAccessKey: createAccessKeyResolver({ store: accessKeys, sealer, now }),
    // Its level is POWERTOOLS_LOG_LEVEL's (INFO by default); the request's line is not written
    // through it (RequestTelemetry), so no level mutes the metrics and audit events.
    logger: overrides.logger ?? new Logger({ serviceName: SERVICE_NAME, logFormatter: new CompactLogFormatter() }),
    metrics,
    audit: overrides.audit ?? telemetry,
    // As deployed, the request's one line carries its metrics and audit events; a logger given writes its own.
    requestLine: overrides.logger ? undefined : telemetry,
    now,
    retentionDays: config.retentionDays,
  };
}
