import { describe, expect, it } from '@jest/globals';
import { isShareUseDue, replaceableUseBefore, SHARE_USE_INTERVAL_MS } from '../../../lambda/domain/shareUse.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('isShareUseDue (a share’s last use is written at most hourly)', () => {
  it('is due for a share never used', () => {
    expect(isShareUseDue(undefined, NOW)).toBe(true);
  });

  it('is not due within the hour, and due from the hour on', () => {
    expect(isShareUseDue(ago(0), NOW)).toBe(false);
    expect(isShareUseDue(ago(SHARE_USE_INTERVAL_MS - 1), NOW)).toBe(false);
    expect(isShareUseDue(ago(SHARE_USE_INTERVAL_MS), NOW)).toBe(true);
    expect(isShareUseDue(ago(SHARE_USE_INTERVAL_MS * 24 * 400), NOW)).toBe(true);
  });

  it('does not replace a use recorded ahead of this clock (another container’s)', () => {
    expect(isShareUseDue(ago(-60_000), NOW)).toBe(false);
  });

  it('compares as the store does: times as ISO text, which sorts in time order', () => {
    expect(replaceableUseBefore(NOW)).toBe('2026-06-15T11:00:00.000Z');
  });
});
