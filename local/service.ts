import { Logger } from '@aws-lambda-powertools/logger';
import type { Server } from 'node:http';
import { createHandlers } from './server/allHandlers.js';
import { DEFAULT_RETENTION_DAYS } from '../lambda/domain/deadline.js';
import { createRuntime, SERVICE_NAME } from '../lambda/runtime/createRuntime.js';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY, type RegistryConfig, registryConfigFromEnv } from '../lambda/runtime/config.js';
import { type DevKeys, loadDevKeys } from './iam/devKeys.js';
import { loadRegistryKeys, type RegistryKeys } from './registry/registryKeys.js';
import { ShortLivedSigningKeys } from '../lambda/registry/ShortLivedSigningKeys.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from './store/embeddedDynamo.js';
import { createLocalServer, listen } from './server/server.js';
import { loadLocalSecretSealer } from './accessKeys/accessKeySealingKey.js';
import { ensureSharesTable, LOCAL_TABLE_NAME, localDynamoClient } from './store/createSharesTable.js';
import { DEV_ALGORITHM, DEV_AUDIENCE, DEV_ISSUER } from './iam/tokens.js';
import type { ClientTimeouts } from '../lambda/aws/clientTimeouts.js';
import { embeddedStoreFolder, lockDataDir, prepareDataDir } from './store/dataDir.js';
import type { ServerLimits } from './http/serverLimits.js';
import { listenError } from './cli/listenError.js';
import { consoleRoute } from './server/consoleRoute.js';
import { DEFAULT_HOST } from './cli/settings.js';
import { waitForStore } from './store/waitForStore.js';
import { NO_METRICS, type ServiceMetrics } from '../lambda/metrics/ServiceMetrics.js';
import { countRootKeyErrors } from '../lambda/metrics/kmsErrorMetrics.js';
import { auditFileOf } from './audit/auditFile.js';
import { FileAuditTrail } from './audit/FileAuditTrail.js';

export interface LocalServiceOptions {
  /** Where the embedded store and the dev signing key are kept. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** An external DynamoDB (e.g. DynamoDB Local) instead of the embedded store. */
  dynamodbEndpoint?: string;
  /** Keep the embedded store in memory rather than under `dataDir` (tests). */
  inMemory?: boolean;
  tableName?: string;
  /** Days an expired share stays visible; see SHARE_RETENTION_DAYS. */
  retentionDays?: number;
  /** The most accounts a repository may be shared with; see MAX_ACCOUNTS_PER_REPOSITORY. */
  maxAccountsPerRepository?: number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** The registry the token service signs for; default from REGISTRY_* variables. */
  registry?: RegistryConfig;
  /** How long a store call may take; default the functions' (lambda/aws/clientTimeouts.ts). */
  storeTimeouts?: ClientTimeouts;
  /** How long to wait for an external DynamoDB that does not answer at start. */
  storeStartupWaitMs?: number;
  /** The HTTP server's timeouts and connection cap; default local/http/serverLimits.ts. */
  serverLimits?: Partial<ServerLimits>;
  /** Named in the data folder's lock, for whoever finds it taken (default `npm start`). */
  command?: string;
  /**
   * Where the metrics go; by default nowhere: there is no CloudWatch here to read EMF lines,
   * which would only bury the request log. The audit trail is DATA_DIR/audit.jsonl.
   */
  metrics?: ServiceMetrics;
  /** The operations' clock, for tests that need a fixed "now" (JWT verification keeps the real clock). */
  now?: () => Date;
}

export interface LocalService {
  url: string;
  devKeys: DevKeys;
  /** The registry root key and the certificate a registry must trust. */
  registryKeys: RegistryKeys;
  registry: RegistryConfig;
  dynamodbEndpoint: string;
  tableName: string;
  close(): Promise<void>;
}

/** The whole product on one machine: store, handlers and HTTP server. */
export async function startLocalService(options: LocalServiceOptions): Promise<LocalService> {
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const maxAccountsPerRepository = options.maxAccountsPerRepository ?? DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY;
  await prepareDataDir(options.dataDir);
  const onDisk = !options.dynamodbEndpoint && !options.inMemory;
  const lock = onDisk ? await lockDataDir(options.dataDir, options.command ?? 'npm start') : undefined;
  let embedded: EmbeddedDynamo | undefined;
  try {
    if (options.dynamodbEndpoint) await waitForStore(options.dynamodbEndpoint, options.storeStartupWaitMs);
    else embedded = await startEmbeddedDynamo(onDisk ? { path: embeddedStoreFolder(options.dataDir) } : {});
    if (embedded) await lock?.announceStore(embedded.endpoint);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const dynamodbEndpoint = options.dynamodbEndpoint ?? embedded!.endpoint;
  const client = localDynamoClient(dynamodbEndpoint, options.storeTimeouts);
  const logger = new Logger({ serviceName: SERVICE_NAME, logLevel: options.logLevel ?? 'INFO' });
  let server: Server | undefined;
  try {
    await ensureSharesTable(client, tableName);
    const devKeys = await loadDevKeys(options.dataDir);
    const runtime = createRuntime(
      {
        tableName,
        dynamodbEndpoint,
        retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
        maxAccountsPerRepository,
        token: {
          issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE,
          algorithms: [DEV_ALGORITHM],
          keys: { jwks: devKeys.publicJwks },
        },
      },
      {
        client,
        logger,
        sealer: await loadLocalSecretSealer(options.dataDir),
        metrics: options.metrics ?? NO_METRICS,
        audit: new FileAuditTrail(auditFileOf(options.dataDir), logger),
        ...(options.now && { now: options.now }),
      },
    );
    const registryKeys = await loadRegistryKeys(options.dataDir);
    const registryConfig = options.registry ?? registryConfigFromEnv();
    const handlers = createHandlers({
      ...runtime,
      registry: {
        ...registryConfig,
        signingKeys: new ShortLivedSigningKeys(countRootKeyErrors(registryKeys.rootKey, runtime.metrics), logger),
      },
      registryAddress: registryConfig.address,
    });
    server = createLocalServer({
      handlers,
      privateJwk: devKeys.privateJwk,
      logger,
      limits: options.serverLimits,
      console: consoleRoute({ maxAccountsPerRepository: String(maxAccountsPerRepository), localIam: true }),
    });
    const host = options.host ?? DEFAULT_HOST;
    const url = await listen(server, options.port, host).catch((error: unknown) => {
      throw listenError(error, host, options.port);
    });
    const running = server;
    return {
      url,
      devKeys,
      registryKeys,
      registry: registryConfig,
      dynamodbEndpoint,
      tableName,
      async close() {
        running.closeAllConnections();
        await new Promise<void>((resolve) => running.close(() => resolve()));
        client.destroy();
        await embedded?.close();
        await lock?.release();
      },
    };
  } catch (error) {
    server?.close();
    client.destroy();
    await embedded?.close();
    await lock?.release();
    throw error;
  }
}
