/**
 * Part 6's token handler with the stamp of a share's last use switched off: a store that
 * reads shares as the deployed one does and records no use, to measure, side by side,
 * what the stamp costs the token endpoint (bench/token/registryTokenLoop.ts). Not deployed.
 */
import type { ShareReader, ShareUseRecorder } from '../../lambda/store/ShareStore.js';

export function withoutShareUseStamps(store: Pick<ShareReader, 'getShare'>): Pick<ShareReader, 'getShare'> & ShareUseRecorder {
  return { getShare: (ref, now) => store.getShare(ref, now), recordShareUse: async () => false };
}
