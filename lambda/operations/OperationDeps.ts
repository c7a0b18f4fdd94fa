import type { RequestLogger } from '../http/RequestLogger.js';
import type { TokenVerifier } from '../auth/tokenVerifier.js';

/** What an operation is built from; `Store` is the narrowest store interface it needs. */
export interface OperationDeps<Store> {
  store: Store;
  verifyToken: TokenVerifier;
  logger: RequestLogger;
  now: () => Date;
  /** How many days an expired share stays visible before TTL may remove it. */
  retentionDays: number;
}
