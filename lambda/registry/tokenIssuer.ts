import type { TokenGrantEvent } from '../audit/AuditEvent.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import { type AuditMoment, tokenGrantEvent } from '../audit/auditEvents.js';
import { toEpochSeconds } from '../domain/deadline.js';
import { accountQualifiedUser, type Caller } from '../domain/permissions.js';
import {
  type AccessEntry,
  formatScope,
  grantRepositoryAccess,
  needsShareToPull,
  parseScope,
  type RepositoryGrant,
  splitImagePath,
  type TokenDecision,
  tokenDecision,
  tokenLifetime,
  wantedActions,
} from '../domain/registryAccess.js';
import type { Share } from '../domain/share.js';
import { badRequest, ErrorCodes } from '../errors.js';
import type { ShareReader, ShareUseRecorder } from '../store/ShareStore.js';
import { signRegistryToken } from './registryToken.js';
import type { ShortLivedSigningKeys } from './ShortLivedSigningKeys.js';
import { type ShareUseStampDeps, stampShareUses } from './shareUseStamps.js';

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

/** What the token service decides and signs with. */
export interface TokenIssuerDeps {
  /** Read for a pull the caller's levels do not allow: a share may grant it; and each share granted through records its use. */
  store: Pick<ShareReader, 'getShare'> & ShareUseRecorder;
  /** Counts each repository's decision (TokenDecisions), and each use not recorded (ShareUseStampFailures). */
  metrics: { tokenDecisions(decisions: readonly TokenDecision[]): void } & ShareUseStampDeps['metrics'];
  /** Where a use not recorded is logged. */
  logger: ShareUseStampDeps['logger'];
  /** Records each pull granted through a share. */
  audit: AuditTrail;
  now: () => Date;
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

/** What the token service decided for one repository asked for. */
interface Decided {
  decision: TokenDecision;
  grant: RepositoryGrant;
  /** What the token grants on it: none when nothing is. */
  entry: AccessEntry | undefined;
  /** The share the pull is granted through, if it is: the audit trail records the grant. */
  throughShare: Share | undefined;
}

/**
 * Decides one repository: at most one GetItem, for a pull the caller's levels do not allow.
 * A name that cannot be an SWR image, or no action the registry knows, is not decided at all.
 */
async function decide(
  deps: TokenIssuerDeps,
  caller: Caller | undefined,
  name: string,
  actions: string[],
  now: Date,
): Promise<Decided | undefined> {
  const image = splitImagePath(name);
  const wanted = wantedActions(actions);
  if (!image || wanted.length === 0) return undefined;
  if (!caller) return { decision: 'anonymous', grant: { actions: [] }, entry: undefined, throughShare: undefined };
  const share = needsShareToPull(caller, image.namespace, wanted)
    ? await deps.store.getShare({ ...image, accessDomain: caller.domainName }, now)
    : undefined;
  const grant = grantRepositoryAccess(caller, image.namespace, wanted, share, now);
  return {
    decision: tokenDecision(wanted, grant, share),
    grant,
    entry: grant.actions.length > 0 ? { type: 'repository', name, actions: grant.actions } : undefined,
    // A share is only read for a pull the levels do not allow: a pull granted is then its doing.
    throughShare: share && grant.actions.includes('pull') ? share : undefined,
  };
}

/** The audit events of the pulls a token grants through shares: one per repository. */
function grantsThroughShares(caller: Caller | undefined, decided: readonly Decided[], at: AuditMoment): TokenGrantEvent[] {
  if (!caller) return [];
  return decided.flatMap(({ entry, throughShare }) =>
    entry && throughShare ? [tokenGrantEvent(caller, entry.name, entry.actions, throughShare.deadline, at)] : [],
  );
}

/** The shares the pulls a token grants are granted through. */
const sharesReliedOn = (decided: readonly Decided[]): Share[] =>
  decided.flatMap(({ throughShare }) => (throughShare ? [throughShare] : []));

/** A signed token and what it grants. */
export interface IssuedToken {
  token: string;
  /** Whole seconds. */
  lifetime: number;
  /** Epoch seconds. */
  issuedAt: number;
  access: AccessEntry[];
  /** Who was granted what, for the request's log line (the registry logs no user on success); never a secret. */
  logFields: { account: string | null; user: string | null; subject: string | null; granted: string[] };
}

/**
 * The token for a caller (none: anonymous) asking for `scopes` of `service`, granting only
 * what the rules allow. Both forms of the token endpoint answer with it. It never outlives
 * the caller's credentials, a share it relies on or its signing key's certificate.
 */
export async function issueToken(
  deps: TokenIssuerDeps,
  caller: Caller | undefined,
  request: { service: string; scopes: readonly string[] },
  requestId: string,
): Promise<IssuedToken> {
  const settings = deps.registry;
  if (request.service !== settings.service) {
    throw badRequest(ErrorCodes.invalidParameter, `Unknown service: this token service serves "${settings.service}"`);
  }
  const repositories = requestedRepositories(request.scopes);
  const now = deps.now();
  const decided = (await Promise.all([...repositories].map(([name, actions]) => decide(deps, caller, name, actions, now)))).filter(
    (decision) => decision !== undefined,
  );
  const granted = decided.filter((decision) => decision.entry !== undefined);

  const access = granted.flatMap(({ entry }) => (entry ? [entry] : []));
  const subject = caller ? accountQualifiedUser(caller) : '';
  const key = await settings.signingKeys.current(now);
  const issuedAt = toEpochSeconds(now);
  const lifetime = tokenLifetime(
    settings.lifetimeSeconds,
    granted.map(({ grant }) => grant),
    issuedAt,
    [caller?.expiresAt, key.signsUntil],
  );
  const { token } = signRegistryToken(key, {
    issuer: settings.issuer,
    service: request.service,
    subject,
    access,
    issuedAt,
    lifetimeSeconds: lifetime,
  });
  // Only once the token is signed: a grant that never reached the caller was not made. The
  // stamps run while the audit events are written; they never throw, and are waited for briefly.
  const stamping = caller ? stampShareUses(deps, caller, sharesReliedOn(granted), now) : undefined;
  deps.metrics.tokenDecisions(decided.map(({ decision }) => decision));
  for (const event of grantsThroughShares(caller, granted, { now, requestId })) await deps.audit.record(event);
  await stamping;
  const logFields = {
    account: caller?.domainName ?? null,
    user: caller?.userName ?? null,
    subject: caller ? subject : null,
    granted: access.map(formatScope),
  };
  return { token, lifetime, issuedAt, access, logFields };
}
