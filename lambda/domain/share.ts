import { type ActiveUntil, isInForce } from './deadline.js';

export const PERMIT_READ = 'read';

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
  permit: string;
  deadline: string;
  description: string;
}

/** A share as the store keeps it. */
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
}

/** The share object of the API (docs/access-domains.md §4). */
export interface ShareView {
  namespace: string;
  repository: string;
  access_domain: string;
  permit: string;
  deadline: string;
  description: string;
  creator_id: string;
  creator_name: string;
  created: string;
  updated: string;
  status: boolean;
}

export function toShareView(share: Share, now: Date): ShareView {
  return {
    namespace: share.namespace,
    repository: share.repository,
    access_domain: share.accessDomain,
    permit: share.permit,
    deadline: share.deadline,
    description: share.description,
    creator_id: share.creatorId,
    creator_name: share.creatorName,
    created: share.created,
    updated: share.updated,
    status: isInForce(share.activeUntil, now),
  };
}
