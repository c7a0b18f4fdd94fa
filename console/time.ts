/**
 * Deadlines as the contract reads them (docs/access-domains.md §5, lambda/domain/deadline.ts):
 * a share is in force through the whole UTC day of its deadline and expires at 00:00 UTC of
 * the next day. The console shows and sends UTC dates; the browser's time zone only changes
 * the hover text.
 */
import { parseDeadline } from '../lambda/domain/deadline.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** The remaining time from which a badge turns from green to amber. */
export const SOON_DAYS = 7;

export type BadgeKind = 'permanent' | 'lasting' | 'soon' | 'expired';

/** The UTC day a deadline names: `2027-12-31` for `2027-12-31` or `2027-12-31T08:00:00Z`. */
export const deadlineDay = (deadline: string) => deadline.slice(0, 10);

/** When a share with this deadline stops being in force; undefined for `forever`. */
export function expiryOf(deadline: string): Date | undefined {
  const activeUntil = parseDeadline(deadline);
  return activeUntil ? new Date(activeUntil * 1000) : undefined;
}

/** The remaining-time badge: its kind (its colour) and its words. */
export function remaining(share: { deadline: string; status: boolean }, now: Date): { kind: BadgeKind; text: string } {
  const expiry = expiryOf(share.deadline);
  if (!expiry) return { kind: 'permanent', text: 'Permanent' };
  const left = expiry.getTime() - now.getTime();
  if (!share.status || left <= 0) return { kind: 'expired', text: 'Expired' };
  const kind = left >= SOON_DAYS * DAY_MS ? 'lasting' : 'soon';
  const days = Math.floor(left / DAY_MS);
  if (days >= 1) return { kind, text: `${days} ${days === 1 ? 'day' : 'days'} left` };
  const hours = Math.ceil(left / HOUR_MS);
  return { kind, text: `${hours} ${hours === 1 ? 'hour' : 'hours'} left` };
}

/** Today's UTC date, `YYYY-MM-DD`: the first deadline the API takes. */
export const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

/** `2026-06-15 12:00 UTC`. */
export function utcText(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The same moment in the browser's time zone, named: for hover text. */
export function localText(time: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' }).format(time);
}
