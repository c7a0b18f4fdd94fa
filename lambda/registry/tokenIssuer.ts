import { toEpochSeconds } from '../domain/deadline.js';
import type { Caller } from '../domain/permissions.js';
import {
  type AccessEntry,
  grantRepositoryAccess,
  needsShareToPull,
  parseScope,
  type RepositoryGrant,
  splitImagePath,
  tokenLifetime,
  wantedActions,
} from '../domain/registryAccess.js';
import { badRequest, ErrorCodes } from '../errors.js';
import type { RegistryContext } from '../http/middleware/registryCredentials.js';
import type { OperationDeps } from '../operations/OperationDeps.js';
import type { ShareReader } from '../store/ShareStore.js';
import { signRegistryToken } from './registryToken.js';
import type { ShortLivedSigningKeys } from './ShortLivedSigningKeys.js';

/** How the token service signs, and for which registry. */
export interface RegistryTokenSettings {
  /** The registry's `service`: the token's audience. */
  service: string;
  /** The token's `iss`: the registry's `issuer`. */
  issuer: string;
  /** At most this long; shorter when a share relied on ends sooner. */
  lifetimeSeconds: number;
  /** The short-lived keys that sign tokens, certified by the root key. */
  signingKeys: ShortLivedSigningKeys;
}

export interface RegistryTokenDeps extends OperationDeps<Pick<ShareReader, 'getShare'>> {
  registry: RegistryTokenSettings;
}

/** Each distinct repository asked for, with every action asked for it across scopes. */
function requestedRepositories(scopes: readonly string[]): Map<string, string[]> {
  const repositories = new Map<string, string[]>();
  for (const text of scopes) {
    const scope = parseScope(text);
    if (!scope) throw badRequest(ErrorCodes.invalidParameter, `Invalid scope: expected type:name:actions`);
    // Only repositories can be granted; registry:catalog:* and other types get nothing.
    if (scope.type !== 'repository') continue;
    repositories.set(scope.name, [...(repositories.get(scope.name) ?? []), ...scope.actions]);
  }
  return repositories;
}

/** Decides one repository: at most one GetItem, for a pull the caller's levels do not allow. */
async function grantFor(
  deps: RegistryTokenDeps,
  caller: Caller,
  name: string,
  actions: string[],
  now: Date,
): Promise<{ entry: AccessEntry; grant: RepositoryGrant } | undefined> {
  const image = splitImagePath(name);
  const wanted = wantedActions(actions);
  if (!image || wanted.length === 0) return undefined;
  const share = needsShareToPull(caller, image.namespace, wanted)
    ? await deps.store.getShare({ ...image, accessDomain: caller.domainName }, now)
    : undefined;
  const grant = grantRepositoryAccess(caller, image.namespace, wanted, share, now);
  if (grant.actions.length === 0) return undefined;
  return { entry: { type: 'repository', name, actions: grant.actions }, grant };
}

/** A signed token and what it grants. */
export interface IssuedToken {
  token: string;
  /** Whole seconds. */
  lifetime: number;
  /** Epoch seconds. */
  issuedAt: number;
  access: AccessEntry[];
}

/**
 * The token for a caller (none: anonymous) asking for `scopes` of `service`, granting only
 * what the rules allow. Both forms of the token endpoint answer with it. It never outlives
 * the caller's credentials, a share it relies on or its signing key's certificate.
 */
export async function issueToken(
  deps: RegistryTokenDeps,
  caller: Caller | undefined,
  request: { service: string; scopes: readonly string[] },
  context: RegistryContext,
): Promise<IssuedToken> {
  const settings = deps.registry;
  if (request.service !== settings.service) {
    throw badRequest(ErrorCodes.invalidParameter, `Unknown service: this token service serves "${settings.service}"`);
  }
  const repositories = requestedRepositories(request.scopes);
  const now = deps.now();
  const decided = caller
    ? await Promise.all([...repositories].map(([name, actions]) => grantFor(deps, caller, name, actions, now)))
    : [];
  const granted = decided.filter((decision) => decision !== undefined);

  const access = granted.map(({ entry }) => entry);
  // Who was granted what: the registry logs no user on success, so this is the audit trail.
  context.logFields = {
    account: caller?.domainName ?? null,
    user: caller?.userName ?? null,
    granted: access.map((entry) => `${entry.name}:${entry.actions.join(',')}`),
  };
  const key = await settings.signingKeys.current(now);
  const issuedAt = toEpochSeconds(now);
  const lifetime = tokenLifetime(settings.lifetimeSeconds, granted.map(({ grant }) => grant), issuedAt, [
    caller?.expiresAt,
    key.signsUntil,
  ]);
  const { token } = signRegistryToken(key, {
    issuer: settings.issuer,
    service: request.service,
    subject: caller?.userName ?? '',
    access,
    issuedAt,
    lifetimeSeconds: lifetime,
  });
  return { token, lifetime, issuedAt, access };
}
