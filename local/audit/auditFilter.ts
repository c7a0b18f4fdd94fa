import type { AuditEvent } from '../../lambda/audit/AuditEvent.js';
import type { Share } from '../../lambda/domain/share.js';
import { isSameAccount } from '../../lambda/domain/names.js';

/** What `npm run audit` selects by; each one given narrows the selection. */
export interface AuditFilter {
  /** `namespace/repository`, exactly. */
  repository?: string;
  /** The account that acted, or the one a share was made for (ASCII case ignored, as the API does). */
  account?: string;
  /** From this time on. */
  since?: Date;
}

export function matchesAuditFilter(event: AuditEvent, filter: AuditFilter): boolean {
  if (filter.repository !== undefined && event.repository !== filter.repository) return false;
  if (filter.account !== undefined) {
    const named = [event.account, ...('sharedWith' in event ? [event.sharedWith] : [])];
    if (!named.some((account) => isSameAccount(account, filter.account!))) return false;
  }
  return filter.since === undefined || Date.parse(event.time) >= filter.since.getTime();
}

/** The same selection of a share: its repository; the account that made it, or the one it is for. */
export function matchesShareFilter(share: Share, filter: Pick<AuditFilter, 'repository' | 'account'>): boolean {
  if (filter.repository !== undefined && `${share.namespace}/${share.repository}` !== filter.repository) return false;
  const named = [share.accessDomain, ...(share.ownerDomain !== undefined ? [share.ownerDomain] : [])];
  return filter.account === undefined || named.some((account) => isSameAccount(account, filter.account!));
}

const AGO = /^(\d+)([smhd])$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A day, or a time with its zone (`Z` or an offset): never one read in the machine's own zone. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * `--since`: a day (`2026-06-15`, from its start in UTC), a time (`2026-06-15T12:00:00Z`),
 * or how long ago (`30m`, `12h`, `7d`); `undefined` for anything else.
 */
export function parseSince(text: string, now: Date): Date | undefined {
  const ago = AGO.exec(text);
  if (ago) return new Date(now.getTime() - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS]);
  if (!ISO_TIME.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}
