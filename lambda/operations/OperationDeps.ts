import type { RequestLogger } from '../RequestLogger.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import type { RequestLine } from '../metrics/RequestTelemetry.js';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import type { AccessKeyResolver } from '../auth/accessKeyResolver.js';
import type { RegistryTokenSettings } from '../registry/tokenIssuer.js';
import type { ShareReader, ShareUseRecorder } from '../store/ShareStore.js';

/** What an operation is built from; `Store` is the narrowest store interface it needs. */
export interface OperationDeps<Store> {
  store: Store;
  verifyToken: TokenVerifier;
  /** Access keys, for AK/SK-signed requests and registry login keys. */
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  metrics: ServiceMetrics;
  /** Where the deployed functions hold what a request measured and audited, for its one log line (lambda/metrics/RequestTelemetry.ts). */
  requestLine?: RequestLine | undefined;
  /** Where share changes and the token grants that rely on shares are recorded. */
  audit: AuditTrail;
  now: () => Date;
  /** How many days an expired share stays visible before TTL may remove it. */
  retentionDays: number;
}

/** What both forms of the token endpoint are built from: a share reader that records shares' uses, and how to sign. */
export interface RegistryTokenDeps extends OperationDeps<Pick<ShareReader, 'getShare'> & ShareUseRecorder> {
  registry: RegistryTokenSettings;
}
