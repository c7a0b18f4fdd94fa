import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { accountQualifiedUser, type Caller, hasPermission } from '../../../lambda/domain/permissions.js';

const caller: Caller = {
  userId: 'u1',
  userName: 'olivia',
  domainId: 'd1',
  domainName: 'owner',
  namespaces: { reading: 'read', writing: 'write', managing: 'manage' },
};

describe('hasPermission (read < write < manage)', () => {
  it.each([
    ['reading', 'read', true],
    ['reading', 'write', false],
    ['reading', 'manage', false],
    ['writing', 'read', true],
    ['writing', 'manage', false],
    ['managing', 'read', true],
    ['managing', 'manage', true],
    ['elsewhere', 'read', false],
  ] as const)('%s needing %s: %s', (namespace, needed, expected) => {
    expect(hasPermission(caller, namespace, needed)).toBe(expected);
  });

  it('does not take inherited object properties for namespaces', () => {
    expect(hasPermission(caller, 'constructor', 'read')).toBe(false);
    expect(hasPermission(caller, '__proto__', 'read')).toBe(false);
  });
});

describe('accountQualifiedUser (a registry token’s sub, a share’s last_used_by)', () => {
  it('is <account>/<user> for the names IAM gives, whatever the user name holds', () => {
    expect(accountQualifiedUser(caller)).toBe('owner/olivia');
    expect(accountQualifiedUser({ domainName: 'Acme_Corp-2', userName: 'ci bot/x' })).toBe('Acme_Corp-2/ci bot/x');
  });

  it('differs for the users of the same name in two accounts', () => {
    expect(accountQualifiedUser({ domainName: 'a', userName: 'ci' })).not.toBe(accountQualifiedUser({ domainName: 'b', userName: 'ci' }));
  });

  it('never names two different callers alike, even with / or % in an account name (property)', () => {
    const name = fc.string({ unit: fc.constantFrom('a', '/', '%', '2', 'F', 'ci') });
    fc.assert(
      fc.property(name, name, name, name, (domainA, userA, domainB, userB) => {
        fc.pre(domainA !== domainB || userA !== userB);
        expect(accountQualifiedUser({ domainName: domainA, userName: userA })).not.toBe(
          accountQualifiedUser({ domainName: domainB, userName: userB }),
        );
      }),
      { numRuns: 5_000 },
    );
  });
});
