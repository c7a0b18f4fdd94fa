import { isInForce } from '../domain/deadline.js';
import type { Share } from '../domain/share.js';
import type { Center } from '../domain/sharedRepository.js';
import type { ShareAnswer, SharedRepositoryAnswer } from '../schemas/answers.js';

/**
 * The share as the API shows it (docs/access-domains.md §4), mapped from the one definition
 * of a share; its type is derived from the answer schema, so the two cannot drift.
 */
export function toShareAnswer(share: Share, now: Date): ShareAnswer {
  return {
    namespace: share.namespace,
    repository: share.repository,
    access_domain: share.accessDomain,
    permit: share.permit,
    deadline: share.deadline,
    description: share.description,
    creator_id: share.creatorId,
    creator_name: share.creatorName,
    created: share.created,
    updated: share.updated,
    status: isInForce(share.activeUntil, now),
    last_used_at: share.lastUsedAt ?? null,
    last_used_by: share.lastUsedBy ?? null,
  };
}

/** One repository share as SWR's ListSharedReposDetails shows it. */
export function toSharedRepositoryAnswer(share: Share, center: Center, now: Date, registryAddress?: string): SharedRepositoryAnswer {
  const image = `${share.namespace}/${share.repository}`;
  return {
    namespace: share.namespace,
    name: share.repository,
    // Where to pull it from: `[registry address/]namespace/repository`.
    path: registryAddress ? `${registryAddress}/${image}` : image,
    // The owning account for `thirdparty`, the account shared with for `self`; shares older
    // than the owner field do not say which account made them.
    domain_name: center === 'self' ? share.accessDomain : (share.ownerDomain ?? ''),
    permit: share.permit,
    deadline: share.deadline,
    description: share.description,
    status: isInForce(share.activeUntil, now),
    created: share.created,
    updated: share.updated,
    // The same times under the names the official SDK's model reads.
    created_at: share.created,
    updated_at: share.updated,
  };
}
