/**
 * Who may pull, push and delete what on the registry: the rules of the registry token
 * service, as pure functions of the caller, what was asked, the share found and the clock.
 *
 * An image path `ns/a/b` is namespace `ns`, repository `a/b` (written `a$b` in the API).
 * - pull: `read` or more on the namespace, or a share of the repository in force for the
 *   caller's account;
 * - push: `write` or more (a share never grants push); delete: `manage`;
 * - anything else (`registry:catalog:*`, other types, unknown actions): nothing.
 */
import { type ActiveUntil, isInForce } from './deadline.js';
import { isValidNamespace, isValidRepository } from './names.js';
import { type Caller, hasPermission, type PermissionLevel } from './permissions.js';

export const REGISTRY_ACTIONS = ['pull', 'push', 'delete'] as const;
export type RegistryAction = (typeof REGISTRY_ACTIONS)[number];

/** What each action needs on the namespace; pull may also come from a share. */
const LEVEL_NEEDED: Record<RegistryAction, PermissionLevel> = { pull: 'read', push: 'write', delete: 'manage' };

/** One `scope` of a token request: `type:name:action,action`. */
export interface RequestedScope {
  type: string;
  name: string;
  actions: string[];
}

/** An entry of the token's `access` claim. */
export interface AccessEntry {
  type: 'repository';
  name: string;
  actions: RegistryAction[];
}

/**
 * Parses `repository:ns/app:pull,push`. The name may itself hold a `:` (a registry host
 * with a port), so the type ends at the first colon and the actions start after the last.
 * Returns `null` for anything else.
 */
export function parseScope(scope: string): RequestedScope | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 1 || last <= first + 1) return null;
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((action) => action !== '');
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

/** A scope as text, `type:name:action,action`: what {@link parseScope} reads back. */
export function formatScope(scope: Readonly<RequestedScope> | Readonly<AccessEntry>): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}

/** `ns/a/b` → namespace `ns`, repository `a/b`; `null` when it cannot be an SWR image. */
export function splitImagePath(name: string): { namespace: string; repository: string } | null {
  const slash = name.indexOf('/');
  if (slash < 1) return null;
  const namespace = name.slice(0, slash);
  const repository = name.slice(slash + 1);
  return isValidNamespace(namespace) && isValidRepository(repository) ? { namespace, repository } : null;
}

/**
 * The registry actions asked for, in a fixed order and without repeats; `*` asks for all
 * of them, unknown ones are dropped (the registry only ever checks these three).
 */
export function wantedActions(actions: readonly string[]): RegistryAction[] {
  const wanted = new Set(actions.includes('*') ? REGISTRY_ACTIONS : actions);
  return REGISTRY_ACTIONS.filter((action) => wanted.has(action));
}

/** Whether pulling `namespace` needs a share, i.e. the caller's own levels do not allow it. */
export function needsShareToPull(caller: Caller, namespace: string, wanted: readonly RegistryAction[]): boolean {
  return wanted.includes('pull') && !hasPermission(caller, namespace, LEVEL_NEEDED.pull);
}

export interface RepositoryGrant {
  actions: RegistryAction[];
  /**
   * When the grant ends (epoch seconds), if sooner than never: the end of the in-force day
   * of the share that allowed the pull. The token must not outlive it.
   */
  notAfter?: number;
}

/**
 * The actions granted on one repository of `namespace`. `share` is the caller's account's
 * share of that repository, if there is one (in force or not), with its end.
 */
export function grantRepositoryAccess(
  caller: Caller,
  namespace: string,
  wanted: readonly RegistryAction[],
  share: { activeUntil: ActiveUntil } | undefined,
  now: Date,
): RepositoryGrant {
  const actions = wanted.filter((action) => hasPermission(caller, namespace, LEVEL_NEEDED[action]));
  if (!needsShareToPull(caller, namespace, wanted) || !share || !isInForce(share.activeUntil, now)) {
    return { actions };
  }
  return {
    actions: REGISTRY_ACTIONS.filter((action) => action === 'pull' || actions.includes(action)),
    ...(share.activeUntil !== undefined && { notAfter: share.activeUntil }),
  };
}

/**
 * What the token service decided for one repository asked for, as the TokenDecisions metric
 * counts it: `granted`, every action asked; else why not: `no_share` or `share_expired`, a
 * pull the caller's levels do not allow and no share in force for its account (none, or one
 * whose deadline has passed); `level_too_low`, a push or delete beyond the caller's level
 * (also when the pull was granted through a share, which never grants more); `anonymous`, no
 * credentials at all, so nothing. Values of a closed set: they are metric dimensions.
 */
export const TOKEN_DECISIONS = ['granted', 'no_share', 'share_expired', 'level_too_low', 'anonymous'] as const;
export type TokenDecision = (typeof TOKEN_DECISIONS)[number];

/** The decision for a known caller: `share` is the one looked up for the pull, if any was. */
export function tokenDecision(
  wanted: readonly RegistryAction[],
  grant: RepositoryGrant,
  share: { activeUntil: ActiveUntil } | undefined,
): TokenDecision {
  if (wanted.every((action) => grant.actions.includes(action))) return 'granted';
  // A pull refused was one the levels do not allow, with no share in force (grantRepositoryAccess).
  if (wanted.includes('pull') && !grant.actions.includes('pull')) return share ? 'share_expired' : 'no_share';
  return 'level_too_low';
}

/**
 * The token's lifetime in whole seconds: the configured one, cut short by the earliest end
 * of a share it relies on, so that an expired share stops pulls when its day ends, and by
 * any other end it must not outlive (epoch seconds: the caller's credentials, the signing
 * key's certificate).
 */
export function tokenLifetime(
  maxSeconds: number,
  grants: readonly RepositoryGrant[],
  nowSeconds: number,
  otherEnds: readonly (number | undefined)[] = [],
): number {
  const ends = [...grants.map((grant) => grant.notAfter), ...otherEnds].flatMap((end) => (end === undefined ? [] : [end - nowSeconds]));
  return Math.max(0, Math.min(maxSeconds, ...ends));
}
