import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import {
  formatSdkDate,
  parseSdkAuthorization,
  type SignedRequest,
  signSdkRequest,
  verifySdkSignature,
} from '../../../lambda/auth/sdkSignature.js';

/** The worked example of the official SDK's traffic (docs/using-the-api.md, "Access keys"): real SDK output. */
const AK = 'PROBEAK0123456789';
const SK = 'probeSK/secret+key=0123456789';
const SIGNED_AT = new Date('2025-01-02T03:04:05Z');
const PATH = '/v2/manage/namespaces/probe-ns/repositories/group$app/access-domains';
const HEADERS = {
  accept: 'application/json',
  'content-type': 'application/json',
  'user-agent': 'huaweicloud-usdk-nodejs/3.0; aksk-probe',
  'x-project-id': '0a1b2c3d4e5f40a1b2c3d4e5f6a7b8c9',
  'x-sdk-date': '20250102T030405Z',
  host: '127.0.0.1:18080',
};
const SIGNED = 'content-type;host;x-project-id;x-sdk-date';
const BODY = '{"access_domain":"TenantA","permit":"read","deadline":"forever","description":"probe – ünïcode 描述"}';

const createRequest: SignedRequest = { method: 'POST', path: PATH, query: {}, headers: HEADERS, body: BODY };
const createAuthorization = `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${SIGNED}, Signature=c6ccaf2b8c9e76ae6ba6f0d11b281d2bead3d4ea5a51b8c9f9b818dce2781026`;
const listRequest: SignedRequest = { method: 'GET', path: PATH, query: {}, headers: HEADERS, body: null };
const listAuthorization = `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${SIGNED}, Signature=635518dc4d84b4f21b7adb86db65e0359c92f81fb4578e264d2d88d8eca3688e`;

function verify(request: SignedRequest, authorization: string, now = SIGNED_AT, secret = SK) {
  const parsed = parseSdkAuthorization(authorization);
  if (!parsed) throw new Error(`not an SDK authorization: ${authorization}`);
  return verifySdkSignature(request, parsed, secret, now);
}

describe("SDK-HMAC-SHA256 verification, on the SDK's own worked example", () => {
  it('accepts the createRepoDomains POST and the listRepoDomains GET as the SDK signed them', () => {
    expect(parseSdkAuthorization(createAuthorization)).toEqual({
      accessKey: AK,
      signedHeaders: ['content-type', 'host', 'x-project-id', 'x-sdk-date'],
      signature: 'c6ccaf2b8c9e76ae6ba6f0d11b281d2bead3d4ea5a51b8c9f9b818dce2781026',
    });
    expect(verify(createRequest, createAuthorization)).toEqual({ valid: true });
    expect(verify(listRequest, listAuthorization)).toEqual({ valid: true });
  });

  it('hashes the body as bytes: the same text as a Buffer verifies too', () => {
    expect(verify({ ...createRequest, body: Buffer.from(BODY, 'utf8') }, createAuthorization)).toEqual({ valid: true });
  });

  it("signs as the SDK does (signSdkRequest gives the example's signature)", () => {
    expect(signSdkRequest(createRequest, { accessKey: AK, secretKey: SK }, SIGNED.split(';'))).toBe(createAuthorization);
    expect(formatSdkDate(SIGNED_AT)).toBe('20250102T030405Z');
  });

  it('accepts a path ending in / (the SDK appends one) and an unsigned extra header', () => {
    expect(verify({ ...createRequest, path: `${PATH}/` }, createAuthorization)).toEqual({ valid: true });
    expect(verify({ ...createRequest, headers: { ...HEADERS, 'x-extra': '1' } }, createAuthorization)).toEqual({ valid: true });
  });

  it('accepts a date 14 minutes off either way and refuses one 16 minutes off', () => {
    const minutes = (n: number) => new Date(SIGNED_AT.getTime() + n * 60_000);
    expect(verify(createRequest, createAuthorization, minutes(14))).toEqual({ valid: true });
    expect(verify(createRequest, createAuthorization, minutes(-14))).toEqual({ valid: true });
    expect(verify(createRequest, createAuthorization, minutes(16))).toEqual({ valid: false, reason: expect.stringContaining('window') });
    expect(verify(createRequest, createAuthorization, minutes(-16))).toEqual({ valid: false, reason: expect.stringContaining('window') });
  });

  const tampered: [string, SignedRequest][] = [
    ['the method', { ...createRequest, method: 'PUT' }],
    ["the path's case", { ...createRequest, path: PATH.replace('TenantA', 'tenanta').replace('probe-ns', 'Probe-ns') }],
    ['$ sent as %24', { ...createRequest, path: PATH.replace('$', '%24') }],
    ['a query added', { ...createRequest, query: { limit: ['10'] } }],
    ['the body', { ...createRequest, body: BODY.replace('read', 'READ') }],
    ['the project id', { ...createRequest, headers: { ...HEADERS, 'x-project-id': '0a1b2c3d4e5f40a1b2c3d4e5f6a7b8c8' } }],
    ['the host', { ...createRequest, headers: { ...HEADERS, host: '127.0.0.1:18081' } }],
    ['the content type', { ...createRequest, headers: { ...HEADERS, 'content-type': 'application/json;charset=utf-8' } }],
    ['no content type', { ...createRequest, headers: { ...HEADERS, 'content-type': undefined } }],
    ['the date', { ...createRequest, headers: { ...HEADERS, 'x-sdk-date': '20250102T030406Z' } }],
  ];
  it.each(tampered)('refuses the example after a change: %s', (_what, request) => {
    expect(verify(request, createAuthorization).valid).toBe(false);
  });

  it('refuses a wrong secret key, and says why only in the reason', () => {
    expect(verify(createRequest, createAuthorization, SIGNED_AT, `${SK}x`)).toEqual({ valid: false, reason: 'signature mismatch' });
  });

  it('refuses a signature that leaves out host, x-sdk-date or a project id that is sent', () => {
    const credentials = { accessKey: AK, secretKey: SK };
    for (const without of ['host', 'x-sdk-date', 'x-project-id']) {
      const signedHeaders = SIGNED.split(';').filter((name) => name !== without);
      const authorization = signSdkRequest(createRequest, credentials, signedHeaders);
      expect(verify(createRequest, authorization)).toEqual({ valid: false, reason: 'header not signed', header: without });
    }
  });

  it('refuses malformed or impossible dates', () => {
    const credentials = { accessKey: AK, secretKey: SK };
    for (const date of ['2025-01-02T03:04:05Z', '20250230T030405Z', '20250102T030405', '']) {
      const request = { ...createRequest, headers: { ...HEADERS, 'x-sdk-date': date } };
      expect(verify(request, signSdkRequest(request, credentials, SIGNED.split(';')))).toEqual({
        valid: false,
        reason: 'malformed X-Sdk-Date',
      });
    }
  });

  it('reads only SDK-HMAC-SHA256 Authorization headers', () => {
    for (const header of [
      undefined,
      42,
      '',
      'Bearer x',
      createAuthorization.replace('SDK-HMAC-SHA256', 'V11-HMAC-SHA256'),
      createAuthorization.slice(0, -1),
      `${createAuthorization}0`,
      createAuthorization.toUpperCase(),
    ]) {
      expect(parseSdkAuthorization(header)).toBeUndefined();
    }
  });
});

/** The SDK's own signer (CommonJS), to check the verifier against it on random requests. */
const requireFromTest = createRequire(import.meta.url);
const { AKSKSigner } = requireFromTest('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as {
  AKSKSigner: { sign(request: object, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

/** Path segments as SWR names and account names travel: letters, digits, `_ . - $` and `%XX`. */
const segment = fc.stringMatching(/^([a-zA-Z0-9_.$-]|%[0-9A-F]{2}){1,12}$/);
const queryValue = fc.string({ maxLength: 12 });
const randomRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  path: fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
  query: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.array(queryValue, { minLength: 1, maxLength: 3 }), { maxKeys: 3 }),
  // Objects: the SDK hashes no body at all for a falsy one (0, "", null).
  body: fc.option(
    fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.stringify(value)),
    { nil: null },
  ),
  projectId: fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }),
  secretKey: fc.string({ minLength: 1, maxLength: 40 }),
});

interface RandomRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  body: string | null;
  projectId?: string | undefined;
  secretKey: string;
}

function sdkSigned(input: RandomRequest) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Sdk-Date': formatSdkDate(SIGNED_AT) };
  if (input.projectId) headers['X-Project-Id'] = input.projectId;
  const signed = AKSKSigner.sign(
    {
      endpoint: `http://127.0.0.1:18080${input.path}`,
      method: input.method,
      headers,
      queryParams: Object.fromEntries(Object.entries(input.query).map(([key, values]) => [key, [...values]])),
      ...(input.body !== null && { data: JSON.parse(input.body) }),
    },
    { getAk: () => AK, getSk: () => input.secretKey },
  );
  const lower = Object.fromEntries(Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value]));
  const request: SignedRequest = { method: input.method, path: input.path, query: input.query, headers: lower, body: input.body };
  return { request, authorization: lower.authorization! };
}

describe('SDK-HMAC-SHA256 verification, properties', () => {
  it('accepts whatever the official SDK signs', () => {
    fc.assert(
      fc.property(randomRequest, (input) => {
        // The SDK signs JSON.stringify(data); the body on the wire is that very text.
        const body = input.body === null ? null : JSON.stringify(JSON.parse(input.body));
        const { request, authorization } = sdkSigned({ ...input, body });
        expect(verify(request, authorization, SIGNED_AT, input.secretKey)).toEqual({ valid: true });
      }),
    );
  });

  const change = fc.oneof(
    fc.record({ part: fc.constant('method'), value: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD') }),
    fc.record({ part: fc.constant('path'), value: segment }),
    fc.record({ part: fc.constant('query'), value: fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), queryValue) }),
    fc.record({ part: fc.constant('header'), value: fc.tuple(fc.constantFrom('content-type', 'host', 'x-sdk-date'), fc.string()) }),
    fc.record({ part: fc.constant('body'), value: fc.string({ minLength: 1 }) }),
  );

  it('refuses the request once its method, path, query, a signed header or its body changes', () => {
    fc.assert(
      fc.property(randomRequest, change, (input, { part, value }) => {
        const { request, authorization } = sdkSigned({ ...input, body: null });
        const changed: SignedRequest = { ...request, headers: { ...request.headers } };
        if (part === 'method') {
          fc.pre(value !== request.method);
          changed.method = value as string;
        } else if (part === 'path') {
          changed.path = `${request.path}/${value as string}`;
        } else if (part === 'query') {
          const [key, queryValue] = value as [string, string];
          changed.query = { ...request.query, [key]: [...(request.query[key] ?? []), queryValue] };
        } else if (part === 'header') {
          const [name, headerValue] = value as [string, string];
          fc.pre(headerValue !== request.headers[name]);
          (changed.headers as Record<string, string>)[name] = headerValue;
        } else {
          changed.body = value as string;
        }
        expect(verify(changed, authorization, SIGNED_AT, input.secretKey).valid).toBe(false);
      }),
    );
  });

  it('never throws, whatever the request and Authorization header', () => {
    const anyRequest = fc.record({
      method: fc.string(),
      path: fc.string({ unit: 'binary' }),
      query: fc.dictionary(fc.string(), fc.array(fc.string({ unit: 'binary' }))),
      headers: fc.dictionary(fc.constantFrom('host', 'x-sdk-date', 'x-project-id', 'content-type', 'x-any'), fc.string()),
      body: fc.option(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.uint8Array().map((bytes) => Buffer.from(bytes)),
        ),
        { nil: null },
      ),
    });
    const anyAuthorization = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.string(), fc.array(fc.stringMatching(/^[a-z-]{1,12}$/), { minLength: 1 }), fc.stringMatching(/^[0-9a-f]{64}$/))
        .map(
          ([ak, names, signature]) =>
            `SDK-HMAC-SHA256 Access=${ak.replace(/[,\s]/g, '') || 'A'}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
        ),
    );
    fc.assert(
      fc.property(
        anyRequest,
        anyAuthorization,
        fc.string({ unit: 'binary' }),
        fc.date({ noInvalidDate: false }),
        (request, header, secret, now) => {
          const parsed = parseSdkAuthorization(header);
          if (parsed) expect(verifySdkSignature(request, parsed, secret, now).valid).toBe(false);
        },
      ),
    );
  });
});
