import type { CallerCredential } from '../auth/callerAuthenticator.js';
import { accountQualifiedUser, type Caller } from '../domain/permissions.js';
import type { ShareRef, ShareTerms } from '../domain/share.js';
import {
  AUDIT_VERSION,
  type AuditedTerms,
  type AuditEventBase,
  type AuditEventType,
  type ShareChangeEvent,
  type ShareChangeType,
  TOKEN_GRANT_TYPE,
  type TokenGrantEvent,
} from './AuditEvent.js';

/** When and in which request something was done. */
export interface AuditMoment {
  now: Date;
  requestId: string;
}

/** The fields every event starts with, in the order every line shows them. */
function header<Type extends AuditEventType>(
  type: Type,
  caller: Caller,
  repository: string,
  at: AuditMoment,
): AuditEventBase & { audit: Type } {
  return {
    audit: type,
    version: AUDIT_VERSION,
    time: at.now.toISOString(),
    requestId: at.requestId,
    account: caller.domainName,
    accountId: caller.domainId,
    user: caller.userName,
    userId: caller.userId,
    subject: accountQualifiedUser(caller),
    repository,
  };
}

/** Only the terms: a share item holds more (keys, claims, times) that the trail does not need. */
const termsOf = (terms: ShareTerms | undefined): AuditedTerms | null =>
  terms ? { permit: terms.permit, deadline: terms.deadline, description: terms.description } : null;

export function shareChangeEvent(
  type: ShareChangeType,
  who: { caller: Caller; credential: CallerCredential },
  ref: ShareRef,
  terms: { before: ShareTerms | undefined; after: ShareTerms | undefined },
  at: AuditMoment,
): ShareChangeEvent {
  return {
    ...header(type, who.caller, `${ref.namespace}/${ref.repository}`, at),
    credential: who.credential.kind,
    accessKeyId: who.credential.kind === 'access key' ? who.credential.accessKeyId : null,
    sharedWith: ref.accessDomain,
    before: termsOf(terms.before),
    after: termsOf(terms.after),
  };
}

export function tokenGrantEvent(
  caller: Caller,
  repository: string,
  actions: readonly string[],
  shareDeadline: string,
  at: AuditMoment,
): TokenGrantEvent {
  return { ...header(TOKEN_GRANT_TYPE, caller, repository, at), actions: [...actions], shareDeadline };
}
