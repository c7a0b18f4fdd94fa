/**
 * The signed-in caller: the X-Auth-Token lives in this tab's sessionStorage (it survives a
 * reload, not the tab), never in localStorage or a cookie. Access keys (AK/SK) are never
 * asked for in the browser.
 */
const TOKEN_KEY = 'swr-console-token';

/** What the console shows of a token; the API alone decides whether it is valid. */
export interface Caller {
  account: string;
  user: string;
  /** Namespaces and the level on each, as the token claims them. */
  namespaces: Record<string, string>;
  expiresAt: Date | undefined;
}

/** Why the API refused a token: its error, and when the token expired if it had. */
export interface Refusal {
  error: unknown;
  expiredAt: Date | undefined;
}

/** The last refusal, shown once by the sign-in page. */
let refusal: Refusal | undefined;

export function token(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function signIn(value: string): void {
  sessionStorage.setItem(TOKEN_KEY, value);
  refusal = undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Keeps why the API refused the token, for the sign-in page. */
export function refuse(reason: Refusal): void {
  refusal = reason;
}

/** The reason of the last refusal, once. */
export function takeRefusal(): Refusal | undefined {
  const reason = refusal;
  refusal = undefined;
  return reason;
}

function base64UrlJson(part: string): unknown {
  const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The caller a token names, read without checking it (the API checks it on every call). */
export function caller(): Caller | undefined {
  const value = token();
  const payload = value?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = base64UrlJson(payload) as Record<string, unknown>;
    const namespaces = typeof claims.namespaces === 'object' && claims.namespaces ? (claims.namespaces as Record<string, string>) : {};
    return {
      account: String(claims.domain_name ?? ''),
      user: String(claims.name ?? ''),
      namespaces,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
    };
  } catch {
    return undefined;
  }
}
