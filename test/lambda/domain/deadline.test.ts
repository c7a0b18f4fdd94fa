import { describe, expect, it } from '@jest/globals';
import { isInForce, isRemoved, parseDeadline, removalTime } from '../../../lambda/domain/deadline.js';

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('parseDeadline', () => {
  it('reads forever as never expiring', () => {
    expect(parseDeadline('forever')).toBeUndefined();
  });

  it.each([
    ['a date', '2026-06-15'],
    ['a timestamp', '2026-06-15T08:30:00Z'],
    ['a timestamp with milliseconds', '2026-06-15T08:30:00.123Z'],
    ['a timestamp with one fractional digit', '2026-06-15T23:59:59.9Z'],
    ['midnight', '2026-06-15T00:00:00Z'],
  ])('ends %s at the next UTC midnight', (_what, deadline) => {
    expect(parseDeadline(deadline)).toBe(seconds('2026-06-16T00:00:00Z'));
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseDeadline('2028-02-29')).toBe(seconds('2028-03-01T00:00:00Z'));
    expect(parseDeadline('2027-02-29')).toBeNull();
  });

  it.each([
    ['30 February', '2027-02-30'],
    ['month 13', '2027-13-01'],
    ['day 0', '2027-01-00'],
    ['31 April', '2027-04-31'],
    ['hour 24', '2027-01-01T24:00:00Z'],
    ['minute 60', '2027-01-01T10:60:00Z'],
    ['a timestamp without Z', '2027-01-01T10:00:00'],
    ['an offset', '2027-01-01T10:00:00+02:00'],
    ['four fractional digits', '2027-01-01T10:00:00.1234Z'],
    ['a lower-case z', '2027-01-01T10:00:00z'],
    ['a short year', '27-01-01'],
    ['Forever', 'Forever'],
    ['an empty string', ''],
    ['a date with spaces', ' 2027-01-01'],
  ])('refuses %s', (_what, deadline) => {
    expect(parseDeadline(deadline)).toBeNull();
  });
});

describe('isInForce (a share lasts through the whole UTC day of its deadline)', () => {
  const activeUntil = parseDeadline('2026-06-15T08:00:00Z')!;

  it('is in force on the deadline day, whatever its time of day', () => {
    expect(isInForce(activeUntil, new Date('2026-06-15T00:00:00Z'))).toBe(true);
    expect(isInForce(activeUntil, new Date('2026-06-15T12:00:00Z'))).toBe(true);
    expect(isInForce(activeUntil, new Date('2026-06-15T23:59:59.999Z'))).toBe(true);
  });

  it('has expired from the next midnight', () => {
    expect(isInForce(activeUntil, new Date('2026-06-16T00:00:00Z'))).toBe(false);
    expect(isInForce(activeUntil, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('never ends for forever', () => {
    expect(isInForce(undefined, new Date('2999-12-31T23:59:59Z'))).toBe(true);
  });

  it('tells today from yesterday', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    expect(isInForce(parseDeadline('2026-06-15')!, now)).toBe(true);
    expect(isInForce(parseDeadline('2026-06-14')!, now)).toBe(false);
    expect(isInForce(parseDeadline('2026-06-14T23:59:59.999Z')!, now)).toBe(false);
  });
});

describe('retention', () => {
  it('lets TTL remove a share the given number of days after it expired', () => {
    const activeUntil = seconds('2026-06-16T00:00:00Z');
    expect(removalTime(activeUntil, 30)).toBe(seconds('2026-07-16T00:00:00Z'));
    expect(removalTime(activeUntil, 0)).toBe(activeUntil);
    expect(removalTime(undefined, 30)).toBeUndefined();
  });

  it('treats a share past its removal time as absent', () => {
    const removeAt = seconds('2026-07-16T00:00:00Z');
    expect(isRemoved(removeAt, new Date('2026-07-15T23:59:59Z'))).toBe(false);
    expect(isRemoved(removeAt, new Date('2026-07-16T00:00:00Z'))).toBe(true);
    expect(isRemoved(undefined, new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });
});
