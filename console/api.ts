/**
 * The public API, as any SDK calls it: same origin, X-Auth-Token, JSON. An error answer
 * becomes an ApiError holding the API's error_code, error_msg and X-Request-Id verbatim.
 */
import * as session from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMsg: string,
    readonly requestId: string,
  ) {
    super(errorMsg);
  }
}

/** The API's base URL: the console is served at `<base>/console/`. */
export function apiUrl(path: string): URL {
  return new URL(path.replace(/^\//, ''), new URL('../', document.baseURI));
}

/** Called when the API refuses the token (401): sign out and go to the sign-in page. */
let onRefused: (error: ApiError) => void = () => undefined;
export function whenRefused(handler: (error: ApiError) => void): void {
  onRefused = handler;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers['X-Auth-Token'] = token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(apiUrl(path), {
    method,
    headers,
    credentials: 'omit',
    cache: 'no-store',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const fields = (json ?? {}) as Record<string, unknown>;
    const error = new ApiError(
      response.status,
      typeof fields.error_code === 'string' ? fields.error_code : '',
      typeof fields.error_msg === 'string' ? fields.error_msg : text,
      response.headers.get('X-Request-Id') ?? '',
    );
    if (response.status === 401) onRefused(error);
    throw error;
  }
  return json as T;
}

/** A repository's path segment: `/` in a name travels as `$` (SWR), the rest percent-encoded. */
export function sharesPath(namespace: string, repository: string): string {
  return `/v2/manage/namespaces/${encodeURIComponent(namespace)}/repositories/${encodeURIComponent(repository.replaceAll('/', '$'))}/access-domains`;
}

/** A share as list and show answer it (docs/access-domains.md §4). */
export interface Share {
  namespace: string;
  repository: string;
  access_domain: string;
  permit: string;
  deadline: string;
  description: string;
  created: string;
  updated: string;
  status: boolean;
  /** Present once the API reports share usage: when the share was last used, or null for never. */
  last_used_at?: string | null;
  last_used_by?: string | null;
}

/** A repository shared with the caller (GET /v2/manage/shared-repositories). */
export interface SharedRepository {
  namespace: string;
  name: string;
  /** `[registry address/]namespace/repository`. */
  path: string;
  domain_name: string;
  permit: string;
  deadline: string;
  description: string;
  status: boolean;
}
