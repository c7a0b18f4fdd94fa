import { accessDomainKey } from '../domain/names.js';
import { accountQualifiedUser, type Caller } from '../domain/permissions.js';
import type { Share } from '../domain/share.js';
import { isShareUseDue } from '../domain/shareUse.js';
import type { RequestLogger } from '../RequestLogger.js';
import type { ShareUseRecorder } from '../store/ShareStore.js';

/**
 * How long a token answer waits, at most, for the stamp of a share's use. A healthy
 * UpdateItem takes milliseconds; one that takes longer is abandoned and counted, so that a
 * slow or throttled table never holds a pull up for long, and that at most once per share
 * per hour.
 */
export const SHARE_USE_STAMP_WAIT_MS = 500;

/**
 * How long a container leaves a share alone after it tried to stamp it. A use stamped is
 * fresh in the share read next, so this only matters while stamps fail: a throttled table
 * then gets one try per share per container per minute, not one per grant (each of which
 * would wait for its stamp), and grants under way at once through one share make one write.
 */
export const SHARE_USE_RETRY_MS = 60_000;

/** Per store (one per container), when each share was last tried (epoch ms), by its key. */
const lastTries = new WeakMap<ShareUseRecorder, Map<string, number>>();

const shareKey = (share: Share) => `${share.namespace}/${share.repository}#${accessDomainKey(share.accessDomain)}`;

/** Whether `share` may be tried now, noting the try: none this last minute by this container. */
function mayTry(store: ShareUseRecorder, share: Share, now: Date): boolean {
  const tries = lastTries.get(store) ?? new Map<string, number>();
  lastTries.set(store, tries);
  const key = shareKey(share);
  const last = tries.get(key);
  if (last !== undefined && now.getTime() - last < SHARE_USE_RETRY_MS && now.getTime() >= last) return false;
  // Shares that are not tried again for a minute are forgotten, so the map stays small.
  for (const [other, at] of tries) if (now.getTime() - at >= SHARE_USE_RETRY_MS) tries.delete(other);
  tries.set(key, now.getTime());
  return true;
}

export interface ShareUseStampDeps {
  store: ShareUseRecorder;
  /** Counts a use not recorded, by the kind of its failure (ShareUseStampFailures). */
  metrics: { shareUseStampFailed(error: unknown): void };
  logger: Pick<RequestLogger, 'error'>;
  now: () => Date;
}

/** The stamp's own failure when it takes too long: the call is aborted, and no longer waited for. */
class StampTimeout extends Error {
  override name = 'StampTimeout';
}

/** `work`, given up after `ms` (and signalled to stop), whether or not it heeds the signal. */
async function within(ms: number, work: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  const controller = new AbortController();
  const working = work(controller.signal);
  // Settled later, or never: either way not this caller's to see once it gave up.
  working.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const timeout = new StampTimeout(`No answer within ${ms} ms`);
      controller.abort(timeout);
      reject(timeout);
    }, ms);
  });
  try {
    await Promise.race([working, givenUp]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Records that `caller` was issued a token at `grantedAt` through each of `shares`, as read
 * for the grant: fire and record. Only a share whose recorded use is an hour old or more, and
 * that this container has not tried within {@link SHARE_USE_RETRY_MS}, is written (one conditional UpdateItem, which decides races itself: it is checked against the
 * clock of the write, so a share that expired meanwhile is left alone), so a fleet pulling
 * all day costs one write per share per hour. It never throws: a failure is logged and
 * counted (ShareUseStampFailures), and the token is answered all the same.
 */
export async function stampShareUses(deps: ShareUseStampDeps, caller: Caller, shares: readonly Share[], grantedAt: Date): Promise<void> {
  const use = { at: grantedAt, by: accountQualifiedUser(caller) };
  const due = shares.filter((share) => isShareUseDue(share.lastUsedAt, grantedAt) && mayTry(deps.store, share, grantedAt));
  await Promise.all(
    due.map(async (share) => {
      try {
        await within(SHARE_USE_STAMP_WAIT_MS, (signal) => deps.store.recordShareUse(share, use, deps.now(), signal));
      } catch (error) {
        deps.metrics.shareUseStampFailed(error);
        deps.logger.error('The use of a share was not recorded; the token was issued all the same', {
          repository: `${share.namespace}/${share.repository}`,
          sharedWith: share.accessDomain,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }),
  );
}
