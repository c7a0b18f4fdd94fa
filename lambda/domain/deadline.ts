/**
 * Share deadlines: `forever`, a day `YYYY-MM-DD`, or a UTC timestamp
 * `YYYY-MM-DDTHH:MM:SS[.f]Z`. A share is in force through the whole UTC day of its deadline
 * and expires at 00:00:00 UTC of the next day; the time of day never shortens it.
 */

const FOREVER = 'forever';

/** How long an expired share stays visible (with `status: false`) unless configured. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The shape only; {@link parseDeadline} also checks that the day exists. */
export const DEADLINE_PATTERN = '^(?:forever|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,3})?Z)?)$';

const DAY_SECONDS = 24 * 60 * 60;
const deadlineRegExp = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z)?$/;

/** When a share stops being in force, in epoch seconds; `undefined` means never. */
export type ActiveUntil = number | undefined;

/**
 * Returns the end of the share's last day (epoch seconds, exclusive), `undefined` for
 * `forever`, or `null` when the text is not a deadline (wrong shape, or a day or time
 * that does not exist, such as 30 February or 24:00:00).
 */
export function parseDeadline(text: string): ActiveUntil | null {
  if (text === FOREVER) return undefined;
  const match = deadlineRegExp.exec(text);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .filter((part) => part !== undefined)
    .map(Number);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const startOfDay = Date.UTC(year!, month! - 1, day!);
  const date = new Date(startOfDay);
  // Date.UTC rolls 30 February over to March: a day that does not exist changes the month.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return startOfDay / 1000 + DAY_SECONDS;
}

export function toEpochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

export function isInForce(activeUntil: ActiveUntil, now: Date): boolean {
  return activeUntil === undefined || toEpochSeconds(now) < activeUntil;
}

/**
 * When DynamoDB's TTL may remove the share: `retentionDays` after it expired, so that an
 * expired share stays visible (with `status: false`) for a while. `undefined` for shares
 * that never expire.
 */
export function removalTime(activeUntil: ActiveUntil, retentionDays: number): number | undefined {
  return activeUntil === undefined ? undefined : activeUntil + retentionDays * DAY_SECONDS;
}

/** TTL deletion runs late, so an item past its removal time is treated as absent. */
export function isRemoved(removeAt: number | undefined, now: Date): boolean {
  return removeAt !== undefined && toEpochSeconds(now) >= removeAt;
}
