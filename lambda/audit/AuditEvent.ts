/**
 * The audit trail's events, version 2 (docs/operating.md): one
 * JSON object each, on one line, whose `audit` field names its type. Their shape is fixed:
 * every field is always there (`null` when it does not apply), and a change of shape is a new
 * version. They hold names, ids and a share's terms, never a token, a signature or a secret.
 */

/** Version 2 added `subject`; a reader takes version 1 events as they are, without it. */
export const AUDIT_VERSION = 2;

export const SHARE_CHANGE_TYPES = ['share.created', 'share.updated', 'share.revoked'] as const;
export type ShareChangeType = (typeof SHARE_CHANGE_TYPES)[number];
export const TOKEN_GRANT_TYPE = 'token.granted';
export type AuditEventType = ShareChangeType | typeof TOKEN_GRANT_TYPE;

/** What every event says: what, when, in which request, by whom. */
export interface AuditEventBase {
  audit: AuditEventType;
  version: typeof AUDIT_VERSION;
  /** When it was done: ISO 8601 UTC with milliseconds. */
  time: string;
  /** The request's id, as its answer's `X-Request-Id` and its log line say. */
  requestId: string;
  /** The acting account's name and id, and user's, as their credentials state them. */
  account: string;
  accountId: string;
  user: string;
  userId: string;
  /**
   * The acting user, unique across accounts: `<account>/<user>`, as registry tokens carry it
   * in `sub` and share answers in `last_used_by` (domain/permissions.ts, accountQualifiedUser).
   */
  subject: string;
  /** `namespace/repository`, the repository's real name (with `/`). */
  repository: string;
}

/** A share's terms, as its owner set them. */
export interface AuditedTerms {
  permit: string;
  deadline: string;
  description: string;
}

/** A share created, updated or revoked. */
export interface ShareChangeEvent extends AuditEventBase {
  audit: ShareChangeType;
  /** How the caller proved who it is. */
  credential: 'token' | 'access key';
  /** The access key that signed the request; null for a token. */
  accessKeyId: string | null;
  /** The account the repository is shared with, as the request wrote it. */
  sharedWith: string;
  /** The terms before the change: null for a create, and where the store did not hold them. */
  before: AuditedTerms | null;
  /** The terms after it: null for a revoke. */
  after: AuditedTerms | null;
}

/** A registry token that grants a pull through a share: one event per repository. */
export interface TokenGrantEvent extends AuditEventBase {
  audit: typeof TOKEN_GRANT_TYPE;
  /** What the token grants on the repository (a share grants `pull` only). */
  actions: string[];
  /** The deadline of the share relied on, as its owner wrote it (`forever`, a day, a time). */
  shareDeadline: string;
}

export type AuditEvent = ShareChangeEvent | TokenGrantEvent;
