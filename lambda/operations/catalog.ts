import { OPERATIONS, type Operation } from '../api/operationNames.js';
import type { HttpMethod, OperationSpec, SealingKeyAction, SigningKeyAction, TableAction } from '../api/OperationSpec.js';
import { spec as createShare } from './createShare/spec.js';
import { spec as listShares } from './listShares/spec.js';
import { spec as showShare } from './showShare/spec.js';
import { spec as updateShare } from './updateShare/spec.js';
import { spec as deleteShare } from './deleteShare/spec.js';
import { spec as listSharedRepositories } from './listSharedRepositories/spec.js';
import { spec as issueRegistryToken } from './issueRegistryToken/spec.js';
import { spec as issueRegistryTokenOAuth2 } from './issueRegistryTokenOAuth2/spec.js';
import { spec as createCredential } from './createCredential/spec.js';
import { spec as listCredentials } from './listCredentials/spec.js';
import { spec as updateCredential } from './updateCredential/spec.js';
import { spec as deleteCredential } from './deleteCredential/spec.js';

export type * from '../api/OperationSpec.js';
export { OPERATIONS, type Operation };

/**
 * Every operation of the API (api/operationNames.ts), by name: the index of the specs in
 * lambda/operations/<name>/.
 * The local server's routes, the CDK stack's resources and grants, the validators, the
 * OpenAPI document and the offline invoke events are all built from this table; nothing
 * else restates these facts.
 */
export const CATALOG = {
  createShare,
  listShares,
  showShare,
  updateShare,
  deleteShare,
  listSharedRepositories,
  issueRegistryToken,
  issueRegistryTokenOAuth2,
  createCredential,
  listCredentials,
  updateCredential,
  deleteCredential,
} as const satisfies Record<Operation, OperationSpec>;

/** The KMS actions an operation's function may take with the signing key; none for most. */
export function signingKeyActions(operation: Operation): readonly SigningKeyAction[] {
  const entry: OperationSpec = CATALOG[operation];
  return entry.signingKey ?? [];
}

/** What reading an access key takes: one GetItem on the table (DynamoAccessKeyStore.getAccessKey). */
export const ACCESS_KEY_LOOKUP = { actions: ['dynamodb:GetItem'], indexes: [] } as const satisfies OperationSpec['table'];

/**
 * Every table grant of an operation's function: its own store calls, and the access key
 * lookup every operation makes when a caller presents a key (one grant when both are on the
 * table itself).
 */
export function tableGrants(operation: Operation): { actions: readonly TableAction[]; indexes: readonly string[] }[] {
  const own: OperationSpec['table'] = CATALOG[operation].table;
  if (own.indexes.length > 0) return [own, ACCESS_KEY_LOOKUP];
  return [{ actions: [...new Set([...own.actions, ...ACCESS_KEY_LOOKUP.actions])], indexes: [] }];
}

/** The KMS actions an operation's function may take with the sealing key: Decrypt, plus its own. */
export function sealingKeyActions(operation: Operation): readonly SealingKeyAction[] {
  const entry: OperationSpec = CATALOG[operation];
  return ['kms:Decrypt', ...(entry.sealingKey ?? [])];
}

export interface Route {
  method: HttpMethod;
  path: string;
  operation: Operation;
}

/** Every route of the API, aliases included. */
export const ROUTES: readonly Route[] = OPERATIONS.flatMap((operation) =>
  CATALOG[operation].paths.map((path) => ({ method: CATALOG[operation].method, path, operation })),
);
