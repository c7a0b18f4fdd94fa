import { describe, expect, it } from '@jest/globals';
import {
  accessDomainKey,
  decodeRepositoryName,
  isAsciiAccountName,
  isSameAccount,
  isValidAccessDomain,
  isValidNamespace,
  isValidRepository,
} from '../../../lambda/domain/names.js';

describe('namespace names (docs/access-domains.md §2)', () => {
  it.each(['a', 'demo', 'team-a', 'team.a', 'team_a', 'team__a', 'a1', 'a-b.c_d__e9', 'a'.repeat(64)])('accepts %s', (name) =>
    expect(isValidNamespace(name)).toBe(true),
  );

  it.each([
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['a leading digit', '1team'],
    ['a leading separator', '-team'],
    ['an upper-case letter', 'Team'],
    ['a trailing separator', 'team-'],
    ['a trailing double underscore', 'team__'],
    ['three underscores', 'team___a'],
    ['two dashes', 'team--a'],
    ['two dots', 'team..a'],
    ['a dash after an underscore', 'team_-a'],
    ['a dot after a double underscore', 'team__.a'],
    ['a slash', 'team/a'],
    ['a space', 'team a'],
    ['a non-ASCII letter', 'tëam'],
  ])('refuses %s', (_why, name) => expect(isValidNamespace(name)).toBe(false));
});

describe('repository names (docs/access-domains.md §2)', () => {
  it.each(['nginx', '1app', 'group/app', 'a/b/c', 'my__app', 'my.app-v2', 'x'.repeat(128)])('accepts %s', (name) =>
    expect(isValidRepository(name)).toBe(true),
  );

  it.each([
    ['empty', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a leading slash', '/app'],
    ['a trailing slash', 'app/'],
    ['two slashes', 'group//app'],
    ['a slash next to a dash', 'group/-app'],
    ['three underscores', 'my___app'],
    ['an upper-case letter', 'Nginx'],
    ['a dollar sign (it must be decoded first)', 'group$app'],
  ])('refuses %s', (_why, name) => expect(isValidRepository(name)).toBe(false));

  it('reads $ in a URL segment as /', () => {
    expect(decodeRepositoryName('group$app')).toBe('group/app');
    expect(decodeRepositoryName('a$b$c')).toBe('a/b/c');
    expect(decodeRepositoryName('nginx')).toBe('nginx');
  });

  it('counts the length after decoding', () => {
    const name = `${'a'.repeat(63)}$${'b'.repeat(64)}`;
    expect(isValidRepository(decodeRepositoryName(name))).toBe(true);
    expect(isValidRepository(decodeRepositoryName(`${name}b`))).toBe(false);
  });
});

describe('access domains', () => {
  it.each(['partner', 'Partner', 'p', '9lives', 'a.b_c-d', 'A'.repeat(64)])('accepts %s', (name) =>
    expect(isValidAccessDomain(name)).toBe(true),
  );

  it.each(['', '-partner', '.partner', 'part ner', 'part/ner', 'A'.repeat(65), 'pärtner'])('refuses %j', (name) =>
    expect(isValidAccessDomain(name)).toBe(false),
  );

  it('compares accounts without regard to case', () => {
    expect(isSameAccount('Partner', 'pARTNER')).toBe(true);
    expect(isSameAccount('partner', 'partner2')).toBe(false);
  });

  it('folds the case of ASCII letters only: look-alikes that toLowerCase() would fold stay apart', () => {
    expect(accessDomainKey('KeLvIn-2_A.Z')).toBe('kelvin-2_a.z');
    // U+212A KELVIN SIGN, U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE
    expect('\u212Aelvin'.toLowerCase()).toBe('kelvin');
    expect(isSameAccount('\u212Aelvin', 'kelvin')).toBe(false);
    expect(accessDomainKey('\u212Aelvin')).toBe('\u212Aelvin');
    expect(isSameAccount('\u0130nfra', 'infra')).toBe(false);
  });

  it('tells an ASCII account name from one that is not', () => {
    expect(isAsciiAccountName('Partner-1_x.y')).toBe(true);
    expect(isAsciiAccountName('\u212Aelvin')).toBe(false);
    expect(isAsciiAccountName('caf\u00e9')).toBe(false);
  });
});
