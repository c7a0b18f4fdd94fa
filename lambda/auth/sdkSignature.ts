import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * SDK-HMAC-SHA256, the request signature of Huawei Cloud's SDKs (AK/SK), as the official
 * SDK computes it (checked against its own canonical requests; docs/using-the-api.md, "Access keys"):
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
 *                      SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(SK, StringToSign))
 *
 * Pure functions: no clock, no key store. Nothing here throws on any input; a refusal
 * carries a reason for the log, never for the caller.
 */

export const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** How far X-Sdk-Date may be from the server's clock, either way, in minutes (APIG's window). */
export const SIGNATURE_WINDOW_MINUTES = 15;
const MAX_CLOCK_SKEW_MS = SIGNATURE_WINDOW_MINUTES * 60 * 1000;

/** A signature whose X-Sdk-Date is too far from the server's clock. */
const OUT_OF_WINDOW = `X-Sdk-Date out of the ${SIGNATURE_WINDOW_MINUTES} minute window` as const;

/**
 * Why a signature was refused (here and in callerAuthenticator.ts): said in the log and
 * counted, never told the caller. None holds what the caller wrote: a refusal that concerns
 * one header names it beside the reason ({@link SignatureCheck}).
 */
export const SIGNATURE_REFUSAL_REASONS = [
  'malformed access key id',
  'malformed Authorization header',
  'header not signed',
  'signed header absent',
  'malformed X-Sdk-Date',
  OUT_OF_WINDOW,
  'signature mismatch',
  'unverifiable request',
] as const;

export type SignatureRefusalReason = (typeof SIGNATURE_REFUSAL_REASONS)[number];

/** A request as it reached the server. */
export interface SignedRequest {
  method: string;
  /** The path exactly as the client sent it, still percent-encoded, with any stage or base path. */
  path: string;
  /** The query's pairs, decoded (as API Gateway hands them); the canonical form re-encodes them. */
  query: Readonly<Record<string, readonly string[]>>;
  /** Header names in lower case, values as received. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body's exact bytes (or its text, UTF-8); null when there is none. */
  body: Buffer | string | null;
}

/** The parts of `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`. */
export interface SdkAuthorization {
  accessKey: string;
  signedHeaders: readonly string[];
  signature: string;
}

/** A signature's verdict; a refusal that concerns one header names it (for the log only). */
export type SignatureCheck = { valid: true } | { valid: false; reason: SignatureRefusalReason; header?: string };

const AUTHORIZATION =
  /^SDK-HMAC-SHA256 +Access=([^,\s]{1,128}), *SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*), *Signature=([0-9a-f]{64})$/;

/** The parts of an SDK-HMAC-SHA256 Authorization header, or `undefined` if it is not one. */
export function parseSdkAuthorization(authorization: unknown): SdkAuthorization | undefined {
  if (typeof authorization !== 'string' || authorization.length > 4096) return undefined;
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) return undefined;
  return { accessKey: match[1]!, signedHeaders: match[2]!.split(';'), signature: match[3]! };
}

/** The header names a signature must cover; x-project-id too whenever it is sent. */
const ALWAYS_SIGNED = ['host', 'x-sdk-date'] as const;
const SIGNED_WHEN_PRESENT = ['x-project-id', 'x-domain-id', 'x-security-token'] as const;

/**
 * Whether `authorization` is a valid signature of `request` with `secretKey`, made within
 * {@link SIGNATURE_WINDOW_MINUTES} of `now`. The signed headers are the ones the client lists, but
 * `host` and `x-sdk-date` must be among them, and so must any project id it sends.
 */
export function verifySdkSignature(request: SignedRequest, authorization: SdkAuthorization, secretKey: string, now: Date): SignatureCheck {
  try {
    const { signedHeaders } = authorization;
    const missing = [...ALWAYS_SIGNED, ...SIGNED_WHEN_PRESENT.filter((name) => request.headers[name] !== undefined)].find(
      (name) => !signedHeaders.includes(name),
    );
    if (missing) return { valid: false, reason: 'header not signed', header: missing };
    const unsent = signedHeaders.find((name) => typeof request.headers[name] !== 'string');
    if (unsent) return { valid: false, reason: 'signed header absent', header: unsent };

    const sdkDate = request.headers['x-sdk-date']!;
    const signedAt = parseSdkDate(sdkDate);
    if (signedAt === undefined) return { valid: false, reason: 'malformed X-Sdk-Date' };
    // Written so that an invalid clock (NaN) refuses too.
    if (!(Math.abs(now.getTime() - signedAt) <= MAX_CLOCK_SKEW_MS)) return { valid: false, reason: OUT_OF_WINDOW };

    const expected = Buffer.from(sdkSignature(request, signedHeaders, secretKey), 'latin1');
    const given = Buffer.from(authorization.signature, 'latin1');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { valid: false, reason: 'signature mismatch' };
    }
    return { valid: true };
  } catch {
    // Unreachable by design (every part is checked above); a refusal, never a 500.
    return { valid: false, reason: 'unverifiable request' };
  }
}

/** The Authorization header the SDK would send for `request` (tests, benchmarks, clients). */
export function signSdkRequest(
  request: SignedRequest,
  credentials: { accessKey: string; secretKey: string },
  signedHeaders: readonly string[] = Object.keys(request.headers)
    .filter((name) => request.headers[name] !== undefined)
    .sort(),
): string {
  const signature = sdkSignature(request, signedHeaders, credentials.secretKey);
  return `${SDK_SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}

/** `YYYYMMDDTHHMMSSZ`: UTC, whole seconds. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A `YYYYMMDDTHHMMSSZ` date as epoch milliseconds. */
function parseSdkDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2025-02-30 over into March; such a date is malformed.
  return formatSdkDate(new Date(time)) === value ? time : undefined;
}

function sdkSignature(request: SignedRequest, signedHeaders: readonly string[], secretKey: string): string {
  const canonical = canonicalRequest(request, signedHeaders);
  const stringToSign = `${SDK_SIGNING_ALGORITHM}\n${request.headers['x-sdk-date'] ?? ''}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(stringToSign, 'utf8').digest('hex');
}

export function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[]): string {
  const headers = signedHeaders.map((name) => `${name}:${request.headers[name] ?? ''}\n`).join('');
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    headers,
    signedHeaders.join(';'),
    sha256Hex(request.body ?? ''),
  ].join('\n');
}

/** The raw path encoded once more, segment by segment, always ending in `/`. */
function canonicalUri(path: string): string {
  const encoded = path.split('/').map(encodeBytes).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function canonicalQuery(query: SignedRequest['query']): string {
  return Object.keys(query)
    .sort()
    .flatMap((key) => [...(query[key] ?? [])].sort().map((value) => `${encodeBytes(key)}=${encodeBytes(value)}`))
    .join('&');
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Every UTF-8 byte but A–Z a–z 0–9 - . _ ~ as %XX (upper-case hex), `%` included. */
function encodeBytes(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
