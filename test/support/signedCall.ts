import { formatSdkDate, signSdkRequest } from '../../lambda/auth/sdkSignature.js';
import { TEST_REGISTRY_SERVICE } from './registrySigner.js';
import type { ApiAnswer, TestApi } from './testApi.js';

/** An access key as IAM's credential API answers it when it is made. */
export interface KeyPair {
  access: string;
  secret: string;
}

export const SIGNED_HOST = 'swr.example.com';

/** A request signed as the SWR SDK signs it (SDK-HMAC-SHA256), sent through the test API; with the Authorization it sent. */
export async function signedCall(
  api: TestApi,
  method: string,
  path: string,
  key: KeyPair,
  options: { body?: unknown; date?: Date; headers?: Record<string, string>; signedHeaders?: string[] } = {},
): Promise<ApiAnswer & { authorization: string }> {
  const [pathOnly, query = ''] = path.split('?') as [string, string?];
  const body = options.body === undefined ? null : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: SIGNED_HOST,
    'x-sdk-date': formatSdkDate(options.date ?? api.clock.now),
    ...options.headers,
  };
  const queryPairs: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) (queryPairs[name] ??= []).push(value);
  const authorization = signSdkRequest(
    { method, path: pathOnly, query: queryPairs, headers, body },
    { accessKey: key.access, secretKey: key.secret },
    options.signedHeaders ?? ['content-type', 'host', 'x-sdk-date'],
  );
  const answer = await api.call(method, path, { headers: { ...headers, Authorization: authorization }, ...(body !== null && { body }) });
  return { ...answer, authorization };
}

/** HTTP Basic, as registry clients log in. */
export const basicAuthorization = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' } as const;

/** `POST /registry/token` as containerd sends it: OAuth2's password grant, for the test registry. */
export function passwordGrant(api: TestApi, user: string, password: string, scope?: string): Promise<ApiAnswer> {
  const form = new URLSearchParams({
    grant_type: 'password',
    username: user,
    password,
    service: TEST_REGISTRY_SERVICE,
    ...(scope && { scope }),
  });
  return api.call('POST', '/registry/token', { headers: FORM, body: form.toString() });
}
