import { describe, expect, it } from '@jest/globals';
import { shareChangeEvent, tokenGrantEvent } from '../../../lambda/audit/auditEvents.js';
import { matchesAuditFilter, parseSince } from '../../../local/audit/auditFilter.js';

const OWNER = { domainId: 'owner-id', domainName: 'Owner', userId: 'olivia-id', userName: 'olivia', namespaces: {} };
const PARTNER = { domainId: 'partner-id', domainName: 'partner', userId: 'pat-id', userName: 'pat', namespaces: {} };
const created = shareChangeEvent(
  'share.created',
  { caller: OWNER, credential: { kind: 'token' } },
  { namespace: 'demo', repository: 'nginx', accessDomain: 'Partner' },
  { before: undefined, after: { permit: 'read', deadline: 'forever', description: '' } },
  { now: new Date('2026-06-15T12:00:00Z'), requestId: 'r1' },
);
const granted = tokenGrantEvent(PARTNER, 'demo/group/app', ['pull'], 'forever', { now: new Date('2026-06-16T08:00:00Z'), requestId: 'r2' });

describe('matchesAuditFilter', () => {
  it('matches everything when nothing narrows it', () => {
    expect([created, granted].filter((event) => matchesAuditFilter(event, {}))).toEqual([created, granted]);
  });

  it('selects a repository by its full name', () => {
    expect(matchesAuditFilter(created, { repository: 'demo/nginx' })).toBe(true);
    expect(matchesAuditFilter(granted, { repository: 'demo/group/app' })).toBe(true);
    expect(matchesAuditFilter(granted, { repository: 'demo/group' })).toBe(false);
  });

  it('selects an account that acted or that a share was made for, without regard to ASCII case', () => {
    expect(matchesAuditFilter(created, { account: 'owner' })).toBe(true);
    expect(matchesAuditFilter(created, { account: 'PARTNER' })).toBe(true);
    expect(matchesAuditFilter(granted, { account: 'partner' })).toBe(true);
    expect(matchesAuditFilter(granted, { account: 'owner' })).toBe(false);
  });

  it('selects from a time on, that time included', () => {
    expect(matchesAuditFilter(created, { since: new Date('2026-06-15T12:00:00Z') })).toBe(true);
    expect(matchesAuditFilter(created, { since: new Date('2026-06-15T12:00:00.001Z') })).toBe(false);
    expect(matchesAuditFilter(granted, { since: new Date('2026-06-16T00:00:00Z'), account: 'partner', repository: 'demo/group/app' })).toBe(
      true,
    );
  });
});

describe('parseSince', () => {
  const now = new Date('2026-06-15T12:00:00Z');

  it('reads a day (from its start, UTC), a time with its zone, and how long ago', () => {
    expect(parseSince('2026-06-15', now)).toEqual(new Date('2026-06-15T00:00:00Z'));
    expect(parseSince('2026-06-15T10:30:00Z', now)).toEqual(new Date('2026-06-15T10:30:00Z'));
    expect(parseSince('2026-06-15T10:30:00.250+02:00', now)).toEqual(new Date('2026-06-15T08:30:00.250Z'));
    expect(parseSince('90s', now)).toEqual(new Date('2026-06-15T11:58:30Z'));
    expect(parseSince('30m', now)).toEqual(new Date('2026-06-15T11:30:00Z'));
    expect(parseSince('12h', now)).toEqual(new Date('2026-06-15T00:00:00Z'));
    expect(parseSince('7d', now)).toEqual(new Date('2026-06-08T12:00:00Z'));
  });

  it('refuses anything else, a time without its zone included (it would depend on the machine)', () => {
    for (const text of ['', 'yesterday', '2026-06-15T10:30:00', '2026-13-45', '15/06/2026', '-1h', '1w', '2026-06-15 10:30Z']) {
      expect({ text, since: parseSince(text, now) }).toEqual({ text, since: undefined });
    }
  });
});
