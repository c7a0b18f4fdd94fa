import type { AccessKey } from '../domain/accessKey.js';
import type { Caller } from '../domain/permissions.js';
import { forbidden } from '../errors.js';
import type { KeyOwner } from '../store/AccessKeyStore.js';

/**
 * The shared parts of IAM's credential API for one's own permanent access keys (AK/SK): create (the secret is
 * shown this once), list, enable or disable, delete. A caller sees and changes only the keys
 * of their own user; another user's key is answered as absent. A key carries its creator's
 * caller facts (account, user, namespace levels) as their token stated them.
 */

/** A key as IAM shows it: never the secret. */
export function credentialView(key: AccessKey) {
  return {
    access: key.accessKey,
    status: key.status,
    user_id: key.caller.userId,
    create_time: key.created,
    description: key.description,
  };
}

export const ownerOf = (caller: Caller): KeyOwner => ({ domainId: caller.domainId, userId: caller.userId });

/** `user_id` must name the caller: no one manages another user's keys here. */
export function requireOwnUser(caller: Caller, userId: string | undefined): void {
  if (userId !== undefined && userId !== caller.userId) throw forbidden();
}
