/**
 * The shares table (single-table design; see docs/developing.md, "Table design").
 *
 * | item  | pk                      | sk                   | byAccountPk           | byAccountSk             | byOwnerPk            | byOwnerSk                                 |
 * |-------|-------------------------|----------------------|-----------------------|-------------------------|----------------------|-------------------------------------------|
 * | share | `REPO#<ns>/<repository>` | `DOMAIN#<account lc>` | `DOMAIN#<account lc>` | `REPO#<ns>/<repository>` | `OWNER#<owner lc>`   | `REPO#<ns>/<repository>#DOMAIN#<account lc>` |
 * | access key | `AKEY#<AK>`        | `AKEY#<AK>`           | `KEYOWNER#<domain id>/<user id>` | `<created>#<AK>` | –         | –                                         |
 * | roster | `REPO#<ns>/<repository>` | `ROSTER`            | –                     | –                       | –                    | –                                         |
 *
 * - list a repository's shares: Query pk with sk beginning `DOMAIN#` (not the roster)
 * - the accounts holding a place under the limit: the roster's map `holders` (account →
 *   epoch ms of its claim), written with conditional UpdateItems (store/ShareRoster.ts)
 * - show, update, delete one share: GetItem / UpdateItem / DeleteItem on (pk, sk)
 * - stamp a share's last use (lastUsedAt, lastUsedBy): a conditional UpdateItem on (pk, sk)
 * - which repositories are shared with an account: Query the byAccount index
 * - a signed request's access key: GetItem on (pk, sk); a user's keys: Query the byAccount
 *   index under `KEYOWNER#…` (ids URI-encoded), a prefix no share's `DOMAIN#…` can take
 * - which shares an account has made: Query the byOwner index. It is sparse: shares
 *   written before the owning account was recorded carry no byOwner keys and are absent.
 *
 * Namespaces contain no `/` and no name contains `#`, so the keys cannot collide.
 */
import { accessDomainKey } from '../domain/names.js';

export const TableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byAccountIndex: { name: 'byAccount', partitionKey: 'byAccountPk', sortKey: 'byAccountSk' },
  byOwnerIndex: { name: 'byOwner', partitionKey: 'byOwnerPk', sortKey: 'byOwnerSk' },
  /** Epoch seconds after which DynamoDB's TTL may delete an expired share. */
  ttlAttribute: 'removeAt',
} as const;

/** A share's sort key starts so; the roster's (below) does not, so a Query can tell them apart. */
export const SHARE_SORT_KEY_PREFIX = 'DOMAIN#';

/** The sort key of a repository's roster: which accounts hold a place (store/ShareRoster.ts). */
export const ROSTER_SORT_KEY = 'ROSTER';

export function repositoryKey(namespace: string, repository: string): string {
  return `REPO#${namespace}/${repository}`;
}

/** Access domains are compared without regard to the case of ASCII letters, so the key is too. */
export function accountKey(accessDomain: string): string {
  return `${SHARE_SORT_KEY_PREFIX}${accessDomainKey(accessDomain)}`;
}

/** The account that made a share, as the byOwner index is keyed. */
export function ownerKey(ownerDomain: string): string {
  return `OWNER#${accessDomainKey(ownerDomain)}`;
}

/** An access key's item (pk and sk alike). */
export function accessKeyItemKey(accessKey: string): string {
  return `AKEY#${accessKey}`;
}

/** Whose keys, as the byAccount index lists them; encoded, so no id can forge another's prefix. */
export function keyOwnerKey(owner: { domainId: string; userId: string }): string {
  return `KEYOWNER#${encodeURIComponent(owner.domainId)}/${encodeURIComponent(owner.userId)}`;
}

/** Every index of the table, for the local CreateTable and the CDK construct alike. */
export const INDEXES = [TableDesign.byAccountIndex, TableDesign.byOwnerIndex] as const;
