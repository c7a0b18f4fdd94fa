import type { ActiveUntil } from './deadline.js';

/** The one permit SWR knows: read-only. */
export const PERMIT_READ = 'read';
export type Permit = typeof PERMIT_READ;

/** Which repository a share belongs to; `repository` is the real name, with `/`. */
export interface RepositoryRef {
  namespace: string;
  repository: string;
}

export interface ShareRef extends RepositoryRef {
  accessDomain: string;
}

/** The terms an owner sets, on creation and on every update. */
export interface ShareTerms {
  permit: Permit;
  deadline: string;
  description: string;
}

/**
 * A share: the one definition of it. The store's item (store/DynamoShareStore.ts) adds its
 * keys to it, and the answers (operations/shareAnswers.ts) are mapped from it.
 */
export interface Share extends ShareRef, ShareTerms {
  /** The account that made the share; unknown for shares older than this field. */
  ownerDomain: string | undefined;
  creatorId: string;
  creatorName: string;
  /** ISO 8601 UTC timestamps with milliseconds. */
  created: string;
  updated: string;
  /** End of the deadline's day in epoch seconds; absent for `forever`. */
  activeUntil: ActiveUntil;
  /** When TTL may remove the expired share, in epoch seconds; absent for `forever`. */
  removeAt: number | undefined;
  /**
   * When a registry token was last issued through it (ISO 8601 UTC with milliseconds), and to
   * whom (`accountQualifiedUser`); absent while it never was (domain/shareUse.ts).
   */
  lastUsedAt?: string;
  lastUsedBy?: string;
}
