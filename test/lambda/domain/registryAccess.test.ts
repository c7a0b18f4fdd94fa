import { describe, expect, it } from '@jest/globals';
import { parseDeadline } from '../../../lambda/domain/deadline.js';
import type { Caller } from '../../../lambda/domain/permissions.js';
import {
  grantRepositoryAccess,
  needsShareToPull,
  parseScope,
  type RegistryAction,
  splitImagePath,
  tokenDecision,
  tokenLifetime,
  wantedActions,
} from '../../../lambda/domain/registryAccess.js';

const caller: Caller = {
  userId: 'u1',
  userName: 'pat',
  domainId: 'd1',
  domainName: 'Partner',
  namespaces: { reading: 'read', writing: 'write', managing: 'manage' },
};

const NOW = new Date('2026-06-15T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const ALL = ['pull', 'push', 'delete'] as const;

describe('parseScope', () => {
  it.each([
    ['repository:demo/nginx:pull', { type: 'repository', name: 'demo/nginx', actions: ['pull'] }],
    ['repository:demo/group/app:pull,push', { type: 'repository', name: 'demo/group/app', actions: ['pull', 'push'] }],
    ['registry:catalog:*', { type: 'registry', name: 'catalog', actions: ['*'] }],
    // A name may hold a registry host with its port: the actions start after the last colon.
    ['repository:localhost:5000/demo/nginx:pull', { type: 'repository', name: 'localhost:5000/demo/nginx', actions: ['pull'] }],
    ['repository:demo/nginx:', { type: 'repository', name: 'demo/nginx', actions: [] }],
    ['repository:demo/nginx', null],
    [':demo/nginx:pull', null],
    ['repository::pull', null],
    ['nonsense', null],
    ['', null],
  ])('%s', (scope, expected) => {
    expect(parseScope(scope)).toEqual(expected);
  });

  it('drops empty actions from a sloppy list', () => {
    expect(parseScope('repository:demo/nginx:pull,,push,')?.actions).toEqual(['pull', 'push']);
  });
});

describe('splitImagePath: ns/a/b is namespace ns, repository a/b', () => {
  it.each([
    ['demo/nginx', { namespace: 'demo', repository: 'nginx' }],
    ['demo/group/app', { namespace: 'demo', repository: 'group/app' }],
    ['nginx', null],
    ['/nginx', null],
    ['demo/', null],
    ['Demo/nginx', null],
    ['demo/NGINX', null],
    ['localhost:5000/demo/nginx', null],
  ])('%s', (name, expected) => {
    expect(splitImagePath(name)).toEqual(expected);
  });
});

describe('wantedActions', () => {
  it('keeps the known actions once each, in a fixed order', () => {
    expect(wantedActions(['push', 'pull', 'push'])).toEqual(['pull', 'push']);
  });
  it('reads * as every action', () => {
    expect(wantedActions(['*'])).toEqual([...ALL]);
  });
  it('drops actions the registry never checks, and their case matters', () => {
    expect(wantedActions(['PULL', 'mount', 'delete'])).toEqual(['delete']);
  });
});

describe('grantRepositoryAccess by namespace level (no share involved)', () => {
  it.each([
    ['reading', ['pull']],
    ['writing', ['pull', 'push']],
    ['managing', ['pull', 'push', 'delete']],
    ['elsewhere', []],
  ] as const)('%s grants %j of pull, push, delete', (namespace, expected) => {
    expect(grantRepositoryAccess(caller, namespace, ALL, undefined, NOW)).toEqual({ actions: expected });
  });

  it('grants only what was asked', () => {
    expect(grantRepositoryAccess(caller, 'managing', ['pull'], undefined, NOW)).toEqual({ actions: ['pull'] });
  });
});

describe('grantRepositoryAccess with a share of the repository for the caller', () => {
  const forever = { activeUntil: undefined };
  const untilToday = { activeUntil: parseDeadline('2026-06-15')! };
  const untilYesterday = { activeUntil: parseDeadline('2026-06-14')! };

  it('grants pull, and says nothing of an end, for a share without deadline', () => {
    expect(grantRepositoryAccess(caller, 'elsewhere', ['pull'], forever, NOW)).toEqual({ actions: ['pull'] });
  });

  it('never grants push or delete: a share is read-only', () => {
    expect(grantRepositoryAccess(caller, 'elsewhere', ALL, forever, NOW)).toEqual({ actions: ['pull'] });
  });

  it('grants pull until the end of the deadline day, and says when that is', () => {
    expect(grantRepositoryAccess(caller, 'elsewhere', ['pull'], untilToday, NOW)).toEqual({
      actions: ['pull'],
      notAfter: Date.parse('2026-06-16T00:00:00Z') / 1000,
    });
  });

  it('still grants at the last second of the deadline day, and no more at midnight', () => {
    const lastSecond = new Date('2026-06-15T23:59:59Z');
    const midnight = new Date('2026-06-16T00:00:00Z');
    expect(grantRepositoryAccess(caller, 'elsewhere', ['pull'], untilToday, lastSecond).actions).toEqual(['pull']);
    expect(grantRepositoryAccess(caller, 'elsewhere', ['pull'], untilToday, midnight).actions).toEqual([]);
  });

  it('grants nothing for an expired share', () => {
    expect(grantRepositoryAccess(caller, 'elsewhere', ['pull'], untilYesterday, NOW)).toEqual({ actions: [] });
  });

  it('adds nothing to a namespace level that allows the pull anyway, so the token is not cut short', () => {
    expect(needsShareToPull(caller, 'reading', ['pull'])).toBe(false);
    expect(grantRepositoryAccess(caller, 'writing', ALL, untilToday, NOW)).toEqual({ actions: ['pull', 'push'] });
  });

  it('is consulted only for a pull the levels do not allow', () => {
    expect(needsShareToPull(caller, 'elsewhere', ['pull'])).toBe(true);
    expect(needsShareToPull(caller, 'elsewhere', ['push'])).toBe(false);
  });
});

describe('tokenLifetime', () => {
  it('is the configured lifetime when no share ends sooner', () => {
    expect(tokenLifetime(300, [{ actions: ['pull'] }, { actions: ['pull'], notAfter: NOW_SECONDS + 3600 }], NOW_SECONDS)).toBe(300);
  });

  it('ends with the earliest share it relies on', () => {
    const grants = [
      { actions: ['pull' as const], notAfter: NOW_SECONDS + 120 },
      { actions: ['pull' as const], notAfter: NOW_SECONDS + 45 },
    ];
    expect(tokenLifetime(300, grants, NOW_SECONDS)).toBe(45);
  });

  it('is never negative', () => {
    expect(tokenLifetime(300, [{ actions: ['pull'], notAfter: NOW_SECONDS - 5 }], NOW_SECONDS)).toBe(0);
  });
});

describe('tokenDecision', () => {
  const forever = { activeUntil: undefined };
  const untilYesterday = { activeUntil: parseDeadline('2026-06-14')! };
  const decide = (namespace: string, wanted: RegistryAction[], share?: { activeUntil: number | undefined }) =>
    tokenDecision(wanted, grantRepositoryAccess(caller, namespace, wanted, share, NOW), share);

  it('is granted when every action asked is granted, by level or through a share', () => {
    expect(decide('managing', ['pull', 'push', 'delete'])).toBe('granted');
    expect(decide('elsewhere', ['pull'], forever)).toBe('granted');
  });

  it('says why a pull the levels do not allow was refused: no share, or one whose deadline has passed', () => {
    expect(decide('elsewhere', ['pull'])).toBe('no_share');
    expect(decide('elsewhere', ['pull'], untilYesterday)).toBe('share_expired');
    expect(decide('elsewhere', ['pull', 'push'])).toBe('no_share');
  });

  it('is level_too_low for a push or delete beyond the level, a pull through a share granted or not', () => {
    expect(decide('reading', ['pull', 'push'])).toBe('level_too_low');
    expect(decide('writing', ['delete'])).toBe('level_too_low');
    expect(decide('elsewhere', ['pull', 'push'], forever)).toBe('level_too_low');
  });
});
