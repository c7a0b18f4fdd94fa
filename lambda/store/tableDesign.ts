/**
 * The shares table (single-table design; see README "Table design").
 *
 * | item  | pk                      | sk                   | byAccountPk           | byAccountSk             |
 * |-------|-------------------------|----------------------|-----------------------|-------------------------|
 * | share | `REPO#<ns>/<repository>` | `DOMAIN#<account lc>` | `DOMAIN#<account lc>` | `REPO#<ns>/<repository>` |
 *
 * - list a repository's shares: Query pk
 * - show, update, delete one share: GetItem / UpdateItem / DeleteItem on (pk, sk)
 * - which repositories are shared with an account: Query the byAccount index
 *
 * Namespaces contain no `/` and no name contains `#`, so the keys cannot collide.
 */
import { accessDomainKey } from '../domain/names.js';

export const TableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byAccountIndex: { name: 'byAccount', partitionKey: 'byAccountPk', sortKey: 'byAccountSk' },
  /** Epoch seconds after which DynamoDB's TTL may delete an expired share. */
  ttlAttribute: 'removeAt',
} as const;

export function repositoryKey(namespace: string, repository: string): string {
  return `REPO#${namespace}/${repository}`;
}

/** Access domains are compared without regard to case, so the key is too. */
export function accountKey(accessDomain: string): string {
  return `DOMAIN#${accessDomainKey(accessDomain)}`;
}
