import { isInForce } from './deadline.js';
import type { Share } from './share.js';

/** `self`: the shares my account has made; `thirdparty`: the repositories shared with it. */
export type Center = 'self' | 'thirdparty';

/** One repository share as SWR's ListSharedReposDetails shows it. */
export interface SharedRepositoryView {
  namespace: string;
  name: string;
  /** Where to pull it from: `[registry address/]namespace/repository`. */
  path: string;
  /** The owning account for `thirdparty`, the account shared with for `self`. */
  domain_name: string;
  permit: string;
  deadline: string;
  description: string;
  status: boolean;
  created: string;
  updated: string;
  /** The same times under the names the official SDK's model reads. */
  created_at: string;
  updated_at: string;
}

export function toSharedRepositoryView(share: Share, center: Center, now: Date, registryAddress?: string): SharedRepositoryView {
  const image = `${share.namespace}/${share.repository}`;
  return {
    namespace: share.namespace,
    name: share.repository,
    path: registryAddress ? `${registryAddress}/${image}` : image,
    // Shares older than the owner field do not say which account made them.
    domain_name: center === 'self' ? share.accessDomain : (share.ownerDomain ?? ''),
    permit: share.permit,
    deadline: share.deadline,
    description: share.description,
    status: isInForce(share.activeUntil, now),
    created: share.created,
    updated: share.updated,
    created_at: share.created,
    updated_at: share.updated,
  };
}

/** The filters of the listing: namespace exactly, repository name by substring. */
export function matchesFilters(share: Share, filters: { namespace?: string; name?: string }): boolean {
  return (
    (filters.namespace === undefined || share.namespace === filters.namespace) &&
    (filters.name === undefined || share.repository.includes(filters.name))
  );
}

/** One page of a listing and its `Content-Range` (`first-last/total`, or `*\/total` if empty). */
export function page<T>(items: readonly T[], offset: number, limit: number | undefined): { items: T[]; contentRange: string } {
  const slice = items.slice(offset, limit === undefined ? undefined : offset + limit);
  const contentRange = slice.length === 0 ? `*/${items.length}` : `${offset}-${offset + slice.length - 1}/${items.length}`;
  return { items: slice, contentRange };
}
