import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AUTH_FAILURE_REASONS, authFailureReason } from '../../../lambda/auth/authFailureReason.js';

describe('authFailureReason', () => {
  it('counts every logged reason of the closed set as itself', () => {
    for (const reason of AUTH_FAILURE_REASONS) expect(authFailureReason(reason)).toBe(reason);
  });

  it('counts a reason that names a header without the name', () => {
    expect(authFailureReason('header x-sdk-date not signed')).toBe('header not signed');
    expect(authFailureReason('signed header x-anything-the-client-wrote absent')).toBe('signed header absent');
  });

  it('never answers what it was given, only a reason of the closed set (property)', () => {
    fc.assert(
      fc.property(fc.string(), (logged) => {
        const reason = authFailureReason(logged);
        expect(AUTH_FAILURE_REASONS).toContain(reason);
        if (!AUTH_FAILURE_REASONS.includes(logged as never)) expect(reason).not.toBe(logged);
      }),
    );
  });
});
