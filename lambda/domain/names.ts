/**
 * Naming rules of SWR organizations (namespaces), repositories and access domains.
 *
 * The patterns are the single source of truth: the JSON Schemas compile them into the
 * request validators, and the functions below apply them to plain strings.
 */

/**
 * Separators (`.`, `_`, `-`, and `/` in repositories) never stand side by side, except that
 * exactly two underscores form one separator. Every separator is followed by a letter or
 * digit, so a name also ends with one.
 */
export const NAMESPACE_PATTERN = '^[a-z][a-z0-9]*(?:(?:__|[._-])[a-z0-9]+)*$';
export const NAMESPACE_MAX_LENGTH = 64;

export const REPOSITORY_PATTERN = '^[a-z0-9]+(?:(?:__|[./_-])[a-z0-9]+)*$';
export const REPOSITORY_MAX_LENGTH = 128;

export const ACCESS_DOMAIN_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
export const ACCESS_DOMAIN_MAX_LENGTH = 64;

const namespaceRegExp = new RegExp(NAMESPACE_PATTERN);
const repositoryRegExp = new RegExp(REPOSITORY_PATTERN);
const accessDomainRegExp = new RegExp(ACCESS_DOMAIN_PATTERN);

export function isValidNamespace(name: string): boolean {
  return name.length <= NAMESPACE_MAX_LENGTH && namespaceRegExp.test(name);
}

/** Applies to the decoded name (with `/`, see {@link decodeRepositoryName}). */
export function isValidRepository(name: string): boolean {
  return name.length <= REPOSITORY_MAX_LENGTH && repositoryRegExp.test(name);
}

export function isValidAccessDomain(name: string): boolean {
  return name.length <= ACCESS_DOMAIN_MAX_LENGTH && accessDomainRegExp.test(name);
}

/** A `/` inside a repository name travels in the URL as `$` (`group$app` is `group/app`). */
export function decodeRepositoryName(segment: string): string {
  return segment.replaceAll('$', '/');
}

/**
 * Access domains are kept as sent but compared without regard to case: the case of ASCII
 * letters only. `toLowerCase()` folds more than that (U+212A KELVIN SIGN becomes `k`, U+0130
 * becomes `i̇`), so an account named with a look-alike would meet another account's shares.
 * Every account a share can name is ASCII ({@link ACCESS_DOMAIN_PATTERN}); a caller whose
 * account is not is refused before it gets here ({@link isAsciiAccountName}).
 */
export function accessDomainKey(accessDomain: string): string {
  return accessDomain.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Whether an account name (a token's `domain_name`) is plain ASCII, as any share can name. */
export function isAsciiAccountName(name: string): boolean {
  return /^\p{ASCII}*$/u.test(name);
}

export function isSameAccount(a: string, b: string): boolean {
  return accessDomainKey(a) === accessDomainKey(b);
}
