import type { PermissionLevel } from '../domain/permissions.js';

/**
 * What an operation's spec (lambda/operations/<operation>/spec.ts) states: pure data from
 * which its routes, grants, validator, OpenAPI description and example events are derived.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The DynamoDB actions a function may be granted. */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:Query' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem';

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
 * key may be presented, so every operation reads keys (see `tableGrants` in catalog.ts).
 */
export type Credentials = 'api' | 'registry login' | 'registry form';

/** What an answer that holds a credential says of caching: never (RFC 6749 section 5.1). */
export const NO_STORE_HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** The answer of a request that succeeds. */
export interface SuccessAnswer {
  status: number;
  description: string;
  /** The JSON Schema of the body; none for an empty one (204). */
  body?: object;
  /** Headers it carries besides Content-Type, X-Request-Id and those of `noStore`, with what each says. */
  headers?: Readonly<Record<string, string>>;
}

export interface OperationSpec {
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
  /**
   * Whether the answers carry credentials: then none, errors included, may be cached; each
   * carries {@link NO_STORE_HEADERS} (and the API description says so).
   */
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
  /**
   * Requests to show and try the operation with, by name: the offline invoke and SAM events
   * are made from them (local/invoke), each with the status it gets when the examples of
   * every operation are run in catalog order on one empty store.
   */
  examples: Readonly<Record<string, OperationExample>>;
}

/** One example request: the route is the spec's first path, filled with `path`. */
export interface OperationExample {
  path?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string>>;
  /** JSON or form fields, as the spec's `body` says. */
  body?: Readonly<Record<string, unknown>>;
  /**
   * Who calls: `owner` (default; account "owner", manage on namespace "demo"), `none` (no
   * credentials) or `wrong` (credentials that do not verify).
   */
  caller?: 'owner' | 'none' | 'wrong';
  /** The status it is answered. */
  status: number;
}
