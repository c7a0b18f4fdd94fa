import { accountQualifiedUser, type Caller } from '../domain/permissions.js';
import type { Share } from '../domain/share.js';
import { isShareUseDue } from '../domain/shareUse.js';
import { failureKind } from '../metrics/failureKind.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import type { RequestLogger } from '../RequestLogger.js';
import type { ShareUseRecorder } from '../store/ShareStore.js';

/**
 * How long a token answer waits, at most, for the stamp of a share's use. A healthy
 * UpdateItem takes milliseconds; one that takes longer is abandoned and counted, so that a
 * slow or throttled table never holds a pull up for long, and that at most once per share
 * per hour.
 */
export const SHARE_USE_STAMP_WAIT_MS = 200;

export interface ShareUseStampDeps {
  store: ShareUseRecorder;
  metrics: Pick<ServiceMetrics, 'shareUseStampFailed'>;
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
 * for the grant: fire and record. Only a share whose recorded use is an hour old or more is
 * written (one conditional UpdateItem, which decides races itself: it is checked against the
 * clock of the write, so a share that expired meanwhile is left alone), so a fleet pulling
 * all day costs one write per share per hour. It never throws: a failure is logged and
 * counted (ShareUseStampFailures), and the token is answered all the same.
 */
export async function stampShareUses(deps: ShareUseStampDeps, caller: Caller, shares: readonly Share[], grantedAt: Date): Promise<void> {
  const use = { at: grantedAt, by: accountQualifiedUser(caller) };
  const due = shares.filter((share) => isShareUseDue(share.lastUsedAt, grantedAt));
  await Promise.all(
    due.map(async (share) => {
      try {
        await within(SHARE_USE_STAMP_WAIT_MS, (signal) => deps.store.recordShareUse(share, use, deps.now(), signal));
      } catch (error) {
        const kind = failureKind(error);
        deps.metrics.shareUseStampFailed(kind);
        deps.logger.error('The use of a share was not recorded; the token was issued all the same', {
          repository: `${share.namespace}/${share.repository}`,
          sharedWith: share.accessDomain,
          kind,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }),
  );
}
