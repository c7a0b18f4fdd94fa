import type { ShareChangeType } from '../audit/AuditEvent.js';
import { shareChangeEvent } from '../audit/auditEvents.js';
import type { ShareRef, ShareTerms } from '../domain/share.js';
import type { CallerCredential } from '../auth/callerAuthenticator.js';
import type { Caller } from '../domain/permissions.js';
import type { ShareChange } from '../metrics/metricNames.js';
import type { OperationDeps } from './OperationDeps.js';

const AUDIT_TYPES: Readonly<Record<ShareChange, ShareChangeType>> = {
  created: 'share.created',
  updated: 'share.updated',
  revoked: 'share.revoked',
};

/**
 * A share change the store has made: counted (SharesCreated, SharesUpdated, SharesRevoked)
 * and written to the audit trail with who made it and the terms before and after. Called
 * only once the store's write has succeeded, so a change refused or failed leaves no trace
 * of success. `who` is the request's caller, credential and id (the authenticated context
 * holds them).
 */
export async function recordShareChange(
  deps: Pick<OperationDeps<unknown>, 'metrics' | 'audit'>,
  who: { caller: Caller; credential: CallerCredential; requestId: string },
  change: ShareChange,
  ref: ShareRef,
  terms: { before: ShareTerms | undefined; after: ShareTerms | undefined },
  now: Date,
): Promise<void> {
  deps.metrics.shareChanged(change);
  await deps.audit.record(shareChangeEvent(AUDIT_TYPES[change], who, ref, terms, { now, requestId: who.requestId }));
}
