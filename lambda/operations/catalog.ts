import type { PermissionLevel } from '../domain/permissions.js';
import { ErrorCodes } from '../errors.js';
import { REGISTRY_TOKEN_PATH } from '../registry/defaults.js';
import { TableDesign } from '../store/tableDesign.js';
import {
  emptyObjectSchema,
  oauth2TokenAnswerSchema,
  registryTokenAnswerSchema,
  shareExistenceSchema,
  shareListSchema,
  sharedRepositoryListSchema,
  credentialAnswerSchema,
  credentialListSchema,
  newCredentialAnswerSchema,
} from '../schemas/responses.js';
import {
  createShareEventSchema,
  registryTokenEventSchema,
  registryTokenFormEventSchema,
  sharedRepositoriesEventSchema,
  repositoryEventSchema,
  shareEventSchema,
  updateShareEventSchema,
} from '../schemas/requests.js';
import {
  createCredentialEventSchema,
  credentialEventSchema,
  listCredentialsEventSchema,
  updateCredentialEventSchema,
} from '../schemas/credentials.js';

/**
 * Every operation of the API and the facts about it, in one place: its routes (aliases
 * included), what the caller must hold, the SWR code of its 500, the store actions its
 * function is granted and the schema its request must pass. The local server's routes,
 * the CDK stack's resources and grants, the offline invoke events and the OpenAPI document
 * are all built from this table; nothing else restates these facts.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The DynamoDB actions a function may be granted. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:Query'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem';

/** The KMS actions a function may be granted on the registry token signing key. */
export type SigningKeyAction = 'kms:Sign';

/** The KMS actions a function may be granted on the access key sealing key. */
export type SealingKeyAction = 'kms:Encrypt' | 'kms:Decrypt';

/**
 * What a caller must hold: a level on the namespace of the path; `own view` for any
 * authenticated caller, who sees only what is theirs; `anyone` when credentials are
 * optional (an anonymous caller is simply granted nothing).
 */
export type RequiredPermission = PermissionLevel | 'own view' | 'anyone';

/**
 * How callers prove who they are: `api`, the `X-Auth-Token` header or an AK/SK signature
 * (SDK-HMAC-SHA256); `registry login`, HTTP Basic as registry clients send it, the password
 * being such a token, or user `<region>@<AK>` with the key's login key; `registry form`, the
 * same user name and password as the fields of OAuth2's password grant. Either way an access
 * key may be presented, so every operation reads keys (see {@link tableGrants}).
 */
export type Credentials = 'api' | 'registry login' | 'registry form';

/** The answer of a request that succeeds. */
export interface SuccessAnswer {
  status: number;
  description: string;
  /** The JSON Schema of the body; none for an empty one (204). */
  body?: object;
  /** Headers it carries besides Content-Type and X-Request-Id, with what each says. */
  headers?: Readonly<Record<string, string>>;
}

export interface OperationEntry {
  /** One line for people (logs, the API description). */
  summary: string;
  method: HttpMethod;
  /** Below the API's base URL; `{name}` is a path parameter. The first is the canonical one. */
  paths: readonly string[];
  credentials: Credentials;
  permission: RequiredPermission;
  /** The SWR code of a 500 from this operation. */
  internalErrorCode: string;
  /** The request's body, if it has one: JSON, or an HTML form (`application/x-www-form-urlencoded`). */
  body?: 'json' | 'form';
  /**
   * How errors are answered: the API's own format (default), or OAuth2's (RFC 6749 section
   * 5.2: `{"error", "error_description"}`, every refusal a 400).
   */
  errorFormat?: 'oauth2';
  /** Whether the answers carry credentials: then none, errors included, may be cached. */
  noStore?: true;
  /**
   * Exactly the DynamoDB actions the operation's store calls send (a test proves it), and
   * the indexes they query; the function is granted these and nothing else.
   */
  table: { actions: readonly TableAction[]; indexes: readonly string[] };
  /**
   * The actions the function may take with the registry token signing key (a KMS key), if
   * any; the key's policy lets exactly these functions do exactly these actions. A function
   * with a signing key also learns the key's public half and the registry's names.
   */
  signingKey?: readonly SigningKeyAction[];
  /**
   * The actions on the access key sealing key (a KMS key) beyond kms:Decrypt, which every
   * operation has for verifying access keys (see {@link sealingKeyActions}).
   */
  sealingKey?: readonly SealingKeyAction[];
  /** The JSON Schema of the API Gateway event (path, query, body) the request must pass. */
  requestSchema: object;
  success: SuccessAnswer;
  /**
   * The errors peculiar to this operation: status → SWR codes. Those that follow from its
   * other facts (credentials, body, request schema, permission, 500) are added by
   * `errorCodesByStatus` (errorAnswers.ts).
   */
  errors?: Readonly<Record<number, readonly string[]>>;
}

/** `repos` is accepted as an alias of `repositories` (one SWR client builds every URL so). */
const REPOSITORY_SHARES = [
  '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains',
  '/v2/manage/namespaces/{namespace}/repos/{repository}/access-domains',
] as const;
const ONE_SHARE = REPOSITORY_SHARES.map((path) => `${path}/{access_domain}`);

/** What a token answer says of caching: never (RFC 6749 section 5.1). */
const NO_STORE_HEADERS = { 'Cache-Control': '`no-store`: the answer holds a credential', Pragma: '`no-cache`' } as const;

const onTable = (...actions: TableAction[]) => ({ actions, indexes: [] });

/** IAM's credential API, for one's own access keys. */
const CREDENTIALS = '/v3.0/OS-CREDENTIAL/credentials';
const ONE_CREDENTIAL = `${CREDENTIALS}/{access}`;

export const CATALOG = {
  createShare: {
    summary: 'Share a repository with another account',
    method: 'POST',
    paths: REPOSITORY_SHARES,
    credentials: 'api',
    permission: 'manage',
    internalErrorCode: ErrorCodes.createFailed,
    body: 'json',
    table: onTable('dynamodb:PutItem'),
    requestSchema: createShareEventSchema,
    success: { status: 201, description: 'Shared', body: emptyObjectSchema },
    errors: { 409: [ErrorCodes.shareExists] },
  },
  listShares: {
    summary: "Every share of a repository",
    method: 'GET',
    paths: REPOSITORY_SHARES,
    credentials: 'api',
    permission: 'read',
    internalErrorCode: ErrorCodes.readFailed,
    table: onTable('dynamodb:Query'),
    requestSchema: repositoryEventSchema,
    success: { status: 200, description: 'The shares, expired ones still retained included', body: shareListSchema },
  },
  showShare: {
    summary: 'One share of a repository, or whether it exists',
    method: 'GET',
    paths: ONE_SHARE,
    credentials: 'api',
    permission: 'read',
    internalErrorCode: ErrorCodes.readFailed,
    table: onTable('dynamodb:GetItem'),
    requestSchema: shareEventSchema,
    success: { status: 200, description: 'The share, or `{"exist": false}`', body: shareExistenceSchema },
  },
  updateShare: {
    summary: "Change a share's terms",
    method: 'PATCH',
    paths: ONE_SHARE,
    credentials: 'api',
    permission: 'manage',
    internalErrorCode: ErrorCodes.updateFailed,
    body: 'json',
    table: onTable('dynamodb:UpdateItem'),
    requestSchema: updateShareEventSchema,
    success: { status: 201, description: 'Changed', body: emptyObjectSchema },
    errors: { 404: [ErrorCodes.noSuchShare] },
  },
  deleteShare: {
    summary: 'Revoke a share',
    method: 'DELETE',
    paths: ONE_SHARE,
    credentials: 'api',
    permission: 'manage',
    internalErrorCode: ErrorCodes.deleteFailed,
    table: onTable('dynamodb:DeleteItem'),
    requestSchema: shareEventSchema,
    success: { status: 204, description: 'Revoked' },
    errors: { 404: [ErrorCodes.noSuchShare] },
  },
  listSharedRepositories: {
    summary: 'The repositories shared with my account (center=thirdparty), or the shares it has made (center=self)',
    method: 'GET',
    paths: ['/v2/manage/shared-repositories'],
    credentials: 'api',
    permission: 'own view',
    internalErrorCode: ErrorCodes.readFailed,
    table: { actions: ['dynamodb:Query'], indexes: [TableDesign.byAccountIndex.name, TableDesign.byOwnerIndex.name] },
    requestSchema: sharedRepositoriesEventSchema,
    success: {
      status: 200,
      description: 'One page of the listing',
      body: sharedRepositoryListSchema,
      headers: { 'Content-Range': 'The page: `first-last/total`, or `*/total` when it is empty' },
    },
  },
  issueRegistryToken: {
    summary: 'A registry token (Docker Registry v2 token authentication) granting what the caller may pull and push',
    method: 'GET',
    paths: [REGISTRY_TOKEN_PATH],
    credentials: 'registry login',
    permission: 'anyone',
    internalErrorCode: ErrorCodes.readFailed,
    noStore: true,
    table: onTable('dynamodb:GetItem'),
    signingKey: ['kms:Sign'],
    requestSchema: registryTokenEventSchema,
    success: {
      status: 200,
      description: 'A token granting what the caller may do of what was asked (possibly nothing)',
      body: registryTokenAnswerSchema,
      headers: NO_STORE_HEADERS,
    },
  },
  issueRegistryTokenOAuth2: {
    summary: 'A registry token through OAuth2\'s password grant (the form containerd sends first)',
    method: 'POST',
    paths: [REGISTRY_TOKEN_PATH],
    credentials: 'registry form',
    permission: 'anyone',
    internalErrorCode: ErrorCodes.readFailed,
    body: 'form',
    errorFormat: 'oauth2',
    noStore: true,
    table: onTable('dynamodb:GetItem'),
    signingKey: ['kms:Sign'],
    requestSchema: registryTokenFormEventSchema,
    success: {
      status: 200,
      description: 'A token granting what the caller may do of what was asked (possibly nothing)',
      body: oauth2TokenAnswerSchema,
      headers: NO_STORE_HEADERS,
    },
    errors: { 400: ['invalid_request', 'invalid_grant', 'unsupported_grant_type'], 503: ['temporarily_unavailable'] },
  },
  createCredential: {
    summary: 'A new access key (AK/SK) for the caller; the secret is shown this once',
    method: 'POST',
    paths: [CREDENTIALS],
    credentials: 'api',
    permission: 'own view',
    internalErrorCode: ErrorCodes.createFailed,
    body: 'json',
    table: onTable('dynamodb:PutItem'),
    sealingKey: ['kms:Encrypt'],
    requestSchema: createCredentialEventSchema,
    success: { status: 201, description: 'The new key, with its secret (shown this once)', body: newCredentialAnswerSchema },
    errors: { 403: [ErrorCodes.forbidden] },
  },
  listCredentials: {
    summary: "The caller's access keys, without secrets",
    method: 'GET',
    paths: [CREDENTIALS],
    credentials: 'api',
    permission: 'own view',
    internalErrorCode: ErrorCodes.readFailed,
    table: { actions: ['dynamodb:Query'], indexes: [TableDesign.byAccountIndex.name] },
    requestSchema: listCredentialsEventSchema,
    success: { status: 200, description: "The caller's keys, never a secret", body: credentialListSchema },
    errors: { 403: [ErrorCodes.forbidden] },
  },
  updateCredential: {
    summary: "Enable or disable one of the caller's access keys",
    method: 'PUT',
    paths: [ONE_CREDENTIAL],
    credentials: 'api',
    permission: 'own view',
    internalErrorCode: ErrorCodes.updateFailed,
    body: 'json',
    table: onTable('dynamodb:UpdateItem'),
    requestSchema: updateCredentialEventSchema,
    success: { status: 200, description: 'The key, now active or inactive', body: credentialAnswerSchema },
    errors: { 404: [ErrorCodes.noSuchAccessKey] },
  },
  deleteCredential: {
    summary: "Delete one of the caller's access keys",
    method: 'DELETE',
    paths: [ONE_CREDENTIAL],
    credentials: 'api',
    permission: 'own view',
    internalErrorCode: ErrorCodes.deleteFailed,
    table: onTable('dynamodb:DeleteItem'),
    requestSchema: credentialEventSchema,
    success: { status: 204, description: 'Deleted' },
    errors: { 404: [ErrorCodes.noSuchAccessKey] },
  },
} as const satisfies Record<string, OperationEntry>;

export type Operation = keyof typeof CATALOG;
export const OPERATIONS = Object.keys(CATALOG) as Operation[];

/** The KMS actions an operation's function may take with the signing key; none for most. */
export function signingKeyActions(operation: Operation): readonly SigningKeyAction[] {
  const entry: OperationEntry = CATALOG[operation];
  return entry.signingKey ?? [];
}

/** What reading an access key takes: one GetItem on the table (DynamoAccessKeyStore.getAccessKey). */
export const ACCESS_KEY_LOOKUP = { actions: ['dynamodb:GetItem'], indexes: [] } as const satisfies OperationEntry['table'];

/**
 * Every table grant of an operation's function: its own store calls, and the access key
 * lookup every operation makes when a caller presents a key (one grant when both are on the
 * table itself).
 */
export function tableGrants(operation: Operation): { actions: readonly TableAction[]; indexes: readonly string[] }[] {
  const own: OperationEntry['table'] = CATALOG[operation].table;
  if (own.indexes.length > 0) return [own, ACCESS_KEY_LOOKUP];
  return [{ actions: [...new Set([...own.actions, ...ACCESS_KEY_LOOKUP.actions])], indexes: [] }];
}

/** The KMS actions an operation's function may take with the sealing key: Decrypt, plus its own. */
export function sealingKeyActions(operation: Operation): readonly SealingKeyAction[] {
  const entry: OperationEntry = CATALOG[operation];
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
