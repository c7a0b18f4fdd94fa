import { describe, expect, it } from '@jest/globals';
import { type Caller, hasPermission } from '../../../lambda/domain/permissions.js';

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
