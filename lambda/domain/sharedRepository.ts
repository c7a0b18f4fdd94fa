import type { Share } from './share.js';

/** `self`: the shares my account has made; `thirdparty`: the repositories shared with it. */
export type Center = 'self' | 'thirdparty';

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
