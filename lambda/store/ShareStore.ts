import type { RepositoryRef, Share, ShareRef, ShareTerms } from '../domain/share.js';
import type { ShareUse } from '../domain/shareUse.js';

/**
 * The store's operations, one interface each, so that every function is given (and, in
 * the CDK stack, granted) only what it does: readers cannot write.
 */

/** Thrown when a share is in force already. */
export class ShareExistsError extends Error {
  constructor() {
    super('The share exists already');
    this.name = 'ShareExistsError';
  }
}

/** Thrown when a share to change is absent (or past its removal time). */
export class ShareNotFoundError extends Error {
  constructor() {
    super('The share does not exist');
    this.name = 'ShareNotFoundError';
  }
}

/** Thrown when a create or a revival would share a repository with more accounts than allowed. */
export class ShareLimitError extends Error {
  constructor(readonly limit: number) {
    super(`The repository is shared with the limit of ${limit} accounts`);
    this.name = 'ShareLimitError';
  }
}

export interface ShareCreator {
  /**
   * Writes a new share unless one for the same repository and account (compared without
   * regard to case) is in force at `now`. An expired one is replaced.
   * @throws ShareExistsError
   * @throws ShareLimitError when the repository is shared with the limit of accounts
   */
  createShare(share: Share, now: Date): Promise<void>;
}

export interface ShareReader {
  /** The share, or `undefined` when there is none or it is past its removal time. */
  getShare(ref: ShareRef, now: Date): Promise<Share | undefined>;
  /** Every share of the repository that is not past its removal time. */
  listShares(repository: RepositoryRef, now: Date): Promise<Share[]>;
}

export interface SharedRepositoriesReader {
  /** Every share made for `account` (compared without regard to case), not past removal. */
  listSharedWith(account: string, now: Date): Promise<Share[]>;
  /** Every share `owner`'s account has made and recorded as its own, not past removal. */
  listSharedBy(owner: string, now: Date): Promise<Share[]>;
}

export interface ShareChanges extends ShareTerms {
  updated: string;
  activeUntil: number | undefined;
  removeAt: number | undefined;
}

export interface ShareUpdater {
  /**
   * Sets a share's terms; an expired one is revived, which takes a place under the limit.
   * Answers the terms it had before (for the audit trail), read by the write itself.
   * @throws ShareNotFoundError
   * @throws ShareLimitError when reviving it would exceed the limit
   */
  updateShare(ref: ShareRef, changes: ShareChanges, now: Date): Promise<ShareTerms | undefined>;
}

export interface ShareDeleter {
  /**
   * Removes the share and answers the terms it had (for the audit trail), read by the delete itself.
   * @throws ShareNotFoundError
   */
  deleteShare(ref: ShareRef, now: Date): Promise<ShareTerms | undefined>;
}

export interface ShareUseRecorder {
  /**
   * Records a use of `share` (the token service issued a token through it), unless the use it
   * records is less than an hour old: one conditional UpdateItem, which writes only on that
   * very share (same `created`) while it is in force, so that it never creates a share, nor
   * revives one deleted, replaced or expired since it was read, and touches no other item.
   * Answers whether it wrote. `signal` abandons the call.
   */
  recordShareUse(share: ShareRef & Pick<Share, 'created'>, use: ShareUse, now: Date, signal?: AbortSignal): Promise<boolean>;
}

export type ShareStore = ShareCreator & ShareReader & ShareUpdater & ShareDeleter & SharedRepositoriesReader & ShareUseRecorder;
