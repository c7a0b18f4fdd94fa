import { h } from './dom.js';
import { deadlineDay, expiryOf, localText, remaining, utcText } from './time.js';

/** The deadline's UTC day, with the moment it ends in the browser's time zone on hover. */
export function validUntil(deadline: string): HTMLElement {
  const expiry = expiryOf(deadline);
  if (!expiry) return h('span', {}, 'Permanently valid');
  return h(
    'time',
    { datetime: deadlineDay(deadline), title: `In force until ${utcText(expiry)} (${localText(expiry)} here)` },
    `${deadlineDay(deadline)} (UTC)`,
  );
}

/** The remaining time as a badge: green from 7 days, amber below, red once expired. */
export function remainingBadge(share: { deadline: string; status: boolean }, now: Date): HTMLElement {
  const { kind, text } = remaining(share, now);
  return h('span', { class: `badge badge-${kind}` }, text);
}

/** A timestamp in UTC, with the browser's local time on hover. */
export function timestamp(iso: string): HTMLElement {
  const time = new Date(iso);
  return h('time', { datetime: iso, title: localText(time) }, utcText(time));
}
