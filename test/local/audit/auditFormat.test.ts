import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { shareChangeEvent, tokenGrantEvent } from '../../../lambda/audit/auditEvents.js';
import { formatAuditEvent } from '../../../local/audit/auditFormat.js';

const OWNER = { domainId: 'owner-id', domainName: 'owner', userId: 'olivia-id', userName: 'olivia', namespaces: {} };
const AT = { now: new Date('2026-06-15T12:00:00.000Z'), requestId: 'f3c1' };
const REF = { namespace: 'demo', repository: 'nginx', accessDomain: 'partner' };
const FOREVER = { permit: 'read' as const, deadline: 'forever', description: 'CI pulls' };
const LATER = { permit: 'read' as const, deadline: '2027-12-31', description: '' };

describe('formatAuditEvent', () => {
  it('prints each event on one line: when, what, where, with whom, by whom, the terms', () => {
    const token = { caller: OWNER, credential: { kind: 'token' as const } };
    const key = { caller: OWNER, credential: { kind: 'access key' as const, accessKeyId: 'AK0123456789ABCDEFGH' } };
    expect(formatAuditEvent(shareChangeEvent('share.created', token, REF, { before: undefined, after: FOREVER }, AT))).toBe(
      '2026-06-15T12:00:00.000Z  share.created  demo/nginx  with partner  by owner/olivia (token)  read until forever "CI pulls"  request f3c1',
    );
    expect(formatAuditEvent(shareChangeEvent('share.updated', key, REF, { before: FOREVER, after: LATER }, AT))).toBe(
      '2026-06-15T12:00:00.000Z  share.updated  demo/nginx  with partner  by owner/olivia (access key AK0123456789ABCDEFGH)  read until 2027-12-31 (was read until forever "CI pulls")  request f3c1',
    );
    expect(formatAuditEvent(shareChangeEvent('share.revoked', token, REF, { before: LATER, after: undefined }, AT))).toBe(
      '2026-06-15T12:00:00.000Z  share.revoked  demo/nginx  with partner  by owner/olivia (token)  (was read until 2027-12-31)  request f3c1',
    );
    const partner = { ...OWNER, domainName: 'partner', userName: 'pat' };
    expect(formatAuditEvent(tokenGrantEvent(partner, 'demo/group/app', ['pull'], '2027-12-31', AT))).toBe(
      '2026-06-15T12:00:00.000Z  token.granted  demo/group/app  pull  to partner/pat  through a share until 2027-12-31  request f3c1',
    );
  });

  it('quotes text from callers, so that no name or description can break the line or drive the terminal (property)', () => {
    expect(
      formatAuditEvent(tokenGrantEvent({ ...OWNER, userName: 'pat\u001b[2J\u202e' }, 'demo/nginx', ['pull'], 'forever', AT)),
    ).toContain('to owner/"pat\\u001b[2J\\u202e"');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (user, description) => {
        const caller = { ...OWNER, userName: user };
        const line = formatAuditEvent(
          shareChangeEvent(
            'share.created',
            { caller, credential: { kind: 'token' } },
            REF,
            { before: undefined, after: { ...FOREVER, description } },
            AT,
          ),
        );
        expect(line).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      }),
    );
  });
});
