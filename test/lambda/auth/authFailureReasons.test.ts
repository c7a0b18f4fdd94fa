import { describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { AccessKeyResolver } from '../../../lambda/auth/accessKeyResolver.js';
import { AUTH_FAILURE_REASONS, type AuthFailureReason } from '../../../lambda/auth/authFailureReasons.js';
import { AuthRefusal, TOKEN_REFUSAL_REASONS } from '../../../lambda/auth/authRefusal.js';
import { createCallerAuthenticator } from '../../../lambda/auth/callerAuthenticator.js';
import { createRegistryLogin } from '../../../lambda/auth/registryLogin.js';
import { formatSdkDate, SIGNATURE_WINDOW_MINUTES, signSdkRequest } from '../../../lambda/auth/sdkSignature.js';
import type { TokenVerifier } from '../../../lambda/auth/tokenVerifier.js';
import type { Caller } from '../../../lambda/domain/permissions.js';
import { recordingMetrics } from '../../support/emfRecorder.js';

/**
 * Every reason a credential is refused for reaches the AuthFailures metric as its own
 * `Reason` dimension, through the code that raises it: the table below must name each
 * reason of the closed set (the compiler holds it to the set), and each request is refused
 * by the real authenticator or registry login, the token verifier and the access key store
 * being stand-ins that refuse as they would.
 */

const NOW = new Date('2030-01-02T03:04:05Z');
const CALLER: Caller = { domainId: 'owner-id', domainName: 'owner', userId: 'u-1', userName: 'olivia', namespaces: {} };
const KEY = { accessKey: 'ABCDEFGHIJ0123456789', secretKey: 'the-secret' };
const PATH = '/v2/manage/namespaces/demo/repositories/nginx/access-domains';

/** How one refusal is provoked: a signed (or token) API request, or a registry login. */
type Provocation =
  | { api: { headers: Record<string, string>; method?: string }; verifyToken?: TokenVerifier; resolveAccessKey?: AccessKeyResolver }
  | { basic: string; verifyToken?: TokenVerifier; resolveAccessKey?: AccessKeyResolver };

/** A GET of PATH signed with KEY at `date` (the headers the signature covers: `signed`, default all sent). */
function signed(options: { date?: Date | string; signed?: string[]; secretKey?: string; accessKey?: string } = {}) {
  const date = options.date ?? NOW;
  const headers: Record<string, string> = { host: 'swr.example.com', 'x-sdk-date': typeof date === 'string' ? date : formatSdkDate(date) };
  const authorization = signSdkRequest(
    { method: 'GET', path: PATH, query: {}, headers, body: null },
    { accessKey: options.accessKey ?? KEY.accessKey, secretKey: options.secretKey ?? KEY.secretKey },
    options.signed,
  );
  return { headers: { ...headers, authorization } };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const refusingToken =
  (reason: (typeof TOKEN_REFUSAL_REASONS)[number]): TokenVerifier =>
  async () => {
    throw new AuthRefusal(reason);
  };
const refusingKey =
  (refused: 'unknown access key' | 'access key disabled' | 'non-ASCII account name'): AccessKeyResolver =>
  async () => ({
    refused,
  });

const PROVOKED: Record<AuthFailureReason, Provocation> = {
  // A token's reasons are raised by the verifier (each one's test: test/lambda/operations/authRefusals.test.ts).
  ...(Object.fromEntries(
    TOKEN_REFUSAL_REASONS.map((reason) => [reason, { api: { headers: { 'x-auth-token': 'a.b.c' } }, verifyToken: refusingToken(reason) }]),
  ) as unknown as Record<(typeof TOKEN_REFUSAL_REASONS)[number], Provocation>),
  'unknown access key': { api: signed(), resolveAccessKey: refusingKey('unknown access key') },
  'access key disabled': { api: signed(), resolveAccessKey: refusingKey('access key disabled') },
  'malformed access key id': { api: signed({ accessKey: 'not-an-access-key' }) },
  'malformed Authorization header': { api: { headers: { authorization: 'SDK-HMAC-SHA256 nonsense' } } },
  'header not signed': { api: signed({ signed: ['x-sdk-date'] }) },
  'signed header absent': { api: signed({ signed: ['host', 'x-sdk-date', 'x-never-sent'] }) },
  'malformed X-Sdk-Date': { api: signed({ date: '20300230T000000Z' }) },
  [`X-Sdk-Date out of the ${SIGNATURE_WINDOW_MINUTES} minute window`]: {
    api: signed({ date: new Date(NOW.getTime() + (SIGNATURE_WINDOW_MINUTES * 60 + 1) * 1000) }),
  },
  'signature mismatch': { api: signed({ secretKey: 'another-secret' }) },
  // Unreachable from a real request (every part is checked first): a request without a method.
  'unverifiable request': { api: { ...signed(), method: undefined as unknown as string } },
  'malformed Basic credentials': { basic: 'Basic !!!' },
  'wrong login key': { basic: basic(`cn-north-4@${KEY.accessKey}`, 'not-the-login-key') },
};

/** The AuthFailures reasons one provocation emitted, and what it was answered. */
async function reasonsOf(provocation: Provocation): Promise<{ reasons: string[]; status: number | undefined }> {
  const emf = recordingMetrics();
  const deps = {
    verifyToken: provocation.verifyToken ?? (async () => CALLER),
    resolveAccessKey: provocation.resolveAccessKey ?? (async () => ({ caller: CALLER, secretKey: KEY.secretKey })),
    logger: { info: () => undefined, error: () => undefined },
    metrics: emf.metrics,
    now: () => NOW,
  };
  const refused =
    'api' in provocation
      ? createCallerAuthenticator(deps)({
          httpMethod: 'method' in provocation.api ? provocation.api.method : 'GET',
          path: PATH,
          headers: provocation.api.headers,
          multiValueQueryStringParameters: null,
          body: null,
          isBase64Encoded: false,
        } as unknown as APIGatewayProxyEvent)
      : createRegistryLogin(deps).basic(provocation.basic);
  const status = await refused.then(
    () => undefined,
    (error: { statusCode?: number }) => error.statusCode,
  );
  return { reasons: emf.named('AuthFailures').map(({ dimensions }) => dimensions.Reason!), status };
}

describe('AuthFailures reasons', () => {
  it('are one closed set, each named once', () => {
    expect(new Set(AUTH_FAILURE_REASONS).size).toBe(AUTH_FAILURE_REASONS.length);
    expect(Object.keys(PROVOKED).sort()).toEqual([...AUTH_FAILURE_REASONS].sort());
  });

  it.each(AUTH_FAILURE_REASONS)('%s: refused with a 401 and counted under exactly that Reason', async (reason) => {
    expect(await reasonsOf(PROVOKED[reason])).toEqual({ reasons: [reason], status: 401 });
  });

  it('a token refused at a registry login is counted by its own reason', async () => {
    for (const reason of TOKEN_REFUSAL_REASONS) {
      expect(await reasonsOf({ basic: basic('owner', 'a.b.c'), verifyToken: refusingToken(reason) })).toEqual({
        reasons: [reason],
        status: 401,
      });
    }
  });
});
