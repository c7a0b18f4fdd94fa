/**
 * When a share was last relied on: the registry token service records it on the share each
 * time it issues a token through it, at most once per share per {@link SHARE_USE_INTERVAL_MS}.
 * It says that a token was issued, not that an image was downloaded: a client may hold a
 * token and not pull, and a registry may serve from a cache.
 */

/** A share's last use is written at most this often: one write per share per hour, whatever the pulls. */
export const SHARE_USE_INTERVAL_MS = 60 * 60 * 1000;

/** One use of a share: when a token was issued through it, and to whom (an account-qualified user). */
export interface ShareUse {
  at: Date;
  by: string;
}

/**
 * The latest last use a new one may replace: an hour before `now`, as the store keeps times
 * (ISO 8601 UTC with milliseconds, which sort as text in time order).
 */
export function replaceableUseBefore(now: Date): string {
  return new Date(now.getTime() - SHARE_USE_INTERVAL_MS).toISOString();
}

/**
 * Whether a use at `now` is worth writing: the share records none, or one at least an hour
 * old. A recorded time ahead of `now` (another clock) is not replaced.
 */
export function isShareUseDue(lastUsedAt: string | undefined, now: Date): boolean {
  return lastUsedAt === undefined || lastUsedAt <= replaceableUseBefore(now);
}
